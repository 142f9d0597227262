// `--dynamic` data that the spec's request schemas would accept back: every
// field of a generated answer that a request body also has (username,
// URLs, caller ID, codecs, …) validates against that request field's schema,
// and updated_at is never before created_at. Reached through the schemas'
// formats and examples (json-schema-faker's useExamplesValue), not by
// rewriting answers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockServer } from '../../lib/mock/server.mjs';
import { requestUnions, variants } from '../support/arbitraries.js';
import { operations } from '../support/spec.js';
import { validatorAt } from '../../tools/bundled-spec.js';
import { AUTH, concretePath } from '../support/mock-client.js';

const CALLS_PER_OPERATION = 5;

/** Request field name → the pointers of the component schemas request bodies give it. */
const requestFields = new Map<string, Set<string>>();
for (const union of requestUnions()) {
  for (const v of variants(union)) {
    for (const [name, schema] of Object.entries<any>(v.schema.properties ?? {})) {
      if (typeof schema?.$ref !== 'string') continue;
      if (!requestFields.has(name)) requestFields.set(name, new Set());
      requestFields.get(name)!.add(schema.$ref.slice(1));
    }
  }
}

/** The objects of an answer a request could send back: the answer, its data items, their nested objects. */
function objectsIn(value: unknown): Record<string, unknown>[] {
  if (Array.isArray(value)) return value.flatMap(objectsIn);
  if (typeof value !== 'object' || value === null) return [];
  return [value as Record<string, unknown>, ...Object.values(value).flatMap(objectsIn)];
}

let mock: Awaited<ReturnType<typeof createMockServer>>;
beforeAll(async () => {
  mock = await createMockServer({ port: 0, dynamic: true });
}, 60_000);
afterAll(() => mock?.close());

describe('npm run mock -- --dynamic', () => {
  it('knows the request fields it checks against', () => {
    expect([...requestFields.keys()]).toEqual(expect.arrayContaining(['username', 'caller_id', 'send_as', 'codecs', 'call_request_url', 'call_relay_script_url']));
  });

  it.each(operations().filter((o) => o.method === 'get'))('$operationId: generated fields pass the request schemas, updated_at ≥ created_at', async (op) => {
    const problems: string[] = [];
    for (let i = 0; i < CALLS_PER_OPERATION; i++) {
      const response = await fetch(mock.url + concretePath(op), { headers: { authorization: AUTH } });
      expect(response.status).toBe(200);
      for (const object of objectsIn(await response.json())) {
        for (const [name, value] of Object.entries(object)) {
          if (value === null || !requestFields.has(name)) continue;
          const accepted = [...requestFields.get(name)!].some((pointer) => validatorAt(pointer)(value));
          if (!accepted) problems.push(`${name}: ${JSON.stringify(value)}`);
        }
        if (typeof object.created_at === 'string' && typeof object.updated_at === 'string' && Date.parse(object.updated_at) < Date.parse(object.created_at)) {
          problems.push(`updated_at ${object.updated_at} before created_at ${object.created_at}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });
});
