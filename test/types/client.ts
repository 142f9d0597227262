// Type-level tests of the client's functions, results and errors.
import { createSipClient, hasCallHandler, isApiError, SignalWireError, SignalWireResponseError, SignalWireResponseTooLargeError, type RelaySipEndpoint, type ResolvedRetry, type RetryOptions } from '../../src/index.js';
import { resolveRetry } from '../../src/client.js';

const client = createSipClient({ baseUrl: 'http://127.0.0.1:4010', projectId: 'p', token: 't' });
const id = '67075301-69b2-4fc3-8a2c-c95a69a5665e';
const room = '3b1f0a8c-7d2e-4f5a-9b6c-1d0e2f3a4b5c';

export async function calls() {
  const updated: RelaySipEndpoint = await client.updateSipEndpoint(id, { call_handler: 'video_room', call_video_room_id: room });
  const list = await client.listSipEndpoints({ query: { page_size: 10, filter_username: 'desk' } });
  const first: string = list.data[0].username;
  const deleted: undefined = await client.deleteSipCredential(id);
  const wrapped = await client.createSipCredential({ username: 'a', password: 'b' });
  const inner: string = wrapped.sip_endpoint.username;
  const addresses = await client.listSipCredentialAddresses(id);
  const channel: string | undefined = addresses.data[0].channels.audio;

  // @ts-expect-error video_room needs call_video_room_id
  await client.updateSipEndpoint(id, { call_handler: 'video_room' });
  // @ts-expect-error the id comes first
  await client.updateSipEndpoint({ call_handler: 'relay_connector' });
  // @ts-expect-error page_size is a number
  await client.listSipEndpoints({ query: { page_size: '10' } });
  // @ts-expect-error list takes no body
  await client.listSipCredentials({ username: 'a' });
  // @ts-expect-error Fabric create needs a password (D14)
  await client.createSipCredential({ username: 'a' });
  const profile = await client.updateSipProfile({ default_encryption: 'required', default_send_as: null });
  const domain: string | undefined = profile.domain;
  // @ts-expect-error the SIP profile takes required or optional, not default
  await client.updateSipProfile({ default_encryption: 'default' });
  const route = await client.assignResourcePhoneRoute(id, { phone_route_id: room, handler: 'calling' });
  const app: 'app' = route.type;
  // @ts-expect-error handler is calling or messaging
  await client.assignResourcePhoneRoute(id, { phone_route_id: room, handler: 'video' });
  void domain;
  void app;
  // @ts-expect-error there is no such operation
  await client.patchSipEndpoint(id, {});

  if (hasCallHandler(updated, 'video_room')) {
    const handler: 'video_room' = updated.call_handler;
    void handler;
  }
  return { first, deleted, inner, channel };
}

export async function errors() {
  try {
    await client.createSipEndpoint({ username: 'a', password: 'b' });
  } catch (error) {
    if (isApiError(error, 'create_sip_endpoint')) {
      if (error.status === 422) {
        const detail: string = error.body.errors[0].detail;
        // @ts-expect-error Relay 422 items have no `message` (that is Fabric's shape)
        error.body.errors[0].message;
        return detail;
      }
      if (error.status === 401) {
        const message: string = error.body.error;
        return message;
      }
    }
    if (isApiError(error, 'update_sip_credential') && error.status === 422) {
      const attribute: string | null | undefined = error.body.errors[0].attribute;
      return attribute;
    }
  }
}

// Every status the client can throw, not only the declared ones: a switch
// that handles the declared statuses has not handled everything.
export function exhaustive(error: unknown): string {
  if (!isApiError(error, 'get_sip_credential')) return 'not an API error';
  switch (error.status) {
    case 401:
      return error.body.error;
    case 404:
      return error.body.error;
    case 500:
      return 'server';
    default: {
      // @ts-expect-error a proxy's 429, a 502, a 503 … still reach this branch
      const unreachable: never = error;
      // Their body is unknown: it must be checked before use.
      const body: unknown = error.body;
      // @ts-expect-error an undeclared status's body is not typed
      void error.body.error;
      // A status the spec does not declare compares without error.
      return error.status === 503 || error.status === 429 ? 'retry later' : String([unreachable, body]);
    }
  }
}

// Statuses outside what HTTP can carry as an error (2xx, 600) never come.
export function impossible(error: unknown) {
  if (isApiError(error, 'get_sip_credential')) {
    // @ts-expect-error a 2xx is never an error
    if (error.status === 200) return;
    // @ts-expect-error no such status
    if (error.status === 600) return;
  }
}

// An explicit `undefined` is allowed and keeps the default: the resolved
// options have no `undefined` anywhere.
export const undefinedKeepsDefault: RetryOptions = { maxAttempts: undefined, baseDelayMs: undefined, retryNonIdempotent: undefined };
export const resolved: ResolvedRetry = resolveRetry(undefinedKeepsDefault);
export const attempts: number = resolved.maxAttempts;
// @ts-expect-error no field of the resolved options may be undefined
export const maybe: ResolvedRetry = { ...resolved, maxAttempts: undefined };
// @ts-expect-error retryPost is gone: POST and PATCH opt in together under retryNonIdempotent
export const oldName: RetryOptions = { retryPost: true };

// maxResponseBytes is a number of bytes; the error for a body past it is a
// SignalWireResponseError whose fields are typed.
export const capped = createSipClient({ baseUrl: 'http://127.0.0.1:4010', projectId: 'p', token: 't', maxResponseBytes: 1024, timeoutMs: undefined });
// @ts-expect-error maxResponseBytes is a number, not a string
export const cappedByString = createSipClient({ baseUrl: 'http://127.0.0.1:4010', projectId: 'p', token: 't', maxResponseBytes: '10MB' });
export function tooLarge(error: unknown): string {
  if (error instanceof SignalWireResponseTooLargeError) {
    const limit: number = error.maxResponseBytes;
    const announced: number | undefined = error.contentLength;
    // @ts-expect-error contentLength may be undefined (the body streamed past the limit)
    const always: number = error.contentLength;
    const asResponse: SignalWireResponseError = error;
    return `${limit} ${announced} ${always} ${asResponse.status}`;
  }
  return error instanceof SignalWireError ? error.message : String(error);
}
