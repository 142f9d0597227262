// Every fixture body through the client against the mock: valid ones succeed,
// invalid ones get a 422 in the family's own error shape that names the field.
import { describe, expect, it } from 'vitest';
import { SignalWireApiError } from '../../src/index.js';
import { allFixtures } from '../support/fixtures.js';
import { operations, validate } from '../support/spec.js';
import { mockClient, useMock } from '../support/mock-client.js';

// The mock these tests talk to, in this worker (test/support/mock-client.ts).
useMock();

const ID = '67075301-69b2-4fc3-8a2c-c95a69a5665e';
const SUBSCRIBER = 'd3c4b5a6-7e8f-4a0b-9c1d-2e3f4a5b6c7d';

/** Sends a fixture body with the client function its fixture file is for. */
function call(file: string, body: any): Promise<unknown> {
  const client = mockClient();
  switch (file) {
    case 'relay-create':
      return client.createSipEndpoint(body);
    case 'relay-update':
      return client.updateSipEndpoint(ID, body);
    case 'fabric-create':
      return client.createSipCredential(body);
    case 'fabric-update':
      return client.updateSipCredential(ID, body);
    case 'subscriber-create':
      return client.createSubscriberSipCredential(SUBSCRIBER, body);
    case 'subscriber-update':
      return client.updateSubscriberSipCredential(SUBSCRIBER, ID, body);
    case 'assign':
      return client.assignResourceToSipCredential(ID, body);
    case 'relay-sip-profile-update':
      return client.updateSipProfile(body);
    case 'phone-route-assign':
      return client.assignResourcePhoneRoute(ID, body);
    default:
      throw new Error(`no client call for fixture file ${file}`);
  }
}

const family = (file: string) => (file.startsWith('relay') ? 'Relay' : 'Fabric');
/** The schema of the success answer, read from the spec's operation for that fixture's request schema. */
function responseSchema(requestSchema: string): string {
  for (const { op } of operations()) {
    if (op.requestBody?.content['application/json'].schema.$ref.endsWith(`/${requestSchema}`)) {
      const code = Object.keys(op.responses).find((c) => c.startsWith('2'))!;
      return op.responses[code].content['application/json'].schema.$ref.split('/').pop();
    }
  }
  throw new Error(`no operation takes ${requestSchema}`);
}

describe.each(allFixtures)('$file through the client and the mock', ({ file, schema, valid, invalid }) => {
  it.each(valid)('accepts: $name', async ({ body }) => {
    const result = await call(file, body);
    expect(validate(responseSchema(schema), result).errors).toEqual([]);
  });

  it.each(invalid)('rejects with 422 naming $field: $name', async ({ body, field }) => {
    const error = await call(file, body).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SignalWireApiError);
    const apiError = error as SignalWireApiError;
    expect(apiError.status).toBe(422);
    expect(validate(`${family(file)}ValidationError`, apiError.body).errors).toEqual([]);
    if (family(file) === 'Fabric') {
      const attributes = (apiError.body as unknown as { errors: { attribute?: string | null }[] }).errors.map((e) => e.attribute);
      expect(attributes).toContain(field);
    } else {
      const details = (apiError.body as unknown as { errors: { detail: string }[] }).errors.map((e) => e.detail);
      expect(details.some((d) => new RegExp(`\\b${field}\\b`).test(d)), details.join(' | ')).toBe(true);
    }
  });
});

describe('the seed 003 SDK body', () => {
  it('gets a 422 from the Fabric create that names relay_app as no allowed handler', async () => {
    const seed = allFixtures.find((f) => f.file === 'fabric-create')!.invalid.find((c) => c.name.startsWith('seed 003'))!.body;
    const error = (await mockClient().createSipCredential(seed as any).catch((e: unknown) => e)) as SignalWireApiError<'create_sip_credential'>;
    expect(error.status).toBe(422);
    expect(error.body).toEqual({
      errors: [
        {
          type: 'validation_error',
          code: 'invalid_parameter_value',
          message: 'call_handler "relay_app" is not allowed here; allowed values: default, passthrough, block-pstn, resource',
          attribute: 'call_handler',
          url: 'https://developer.signalwire.com/rest/overview/error-codes',
        },
      ],
    });
  });
});
