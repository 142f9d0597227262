// A consumer as another repository writes it: imports the package by its
// name. test/package/pack.test.ts installs the packed tarball into a scratch
// project and compiles this file there: valid calls compile, each
// line marked to expect an error must fail to compile.
import {
  createSipClient,
  errorClasses,
  isApiError,
  SignalWireApiError,
  type FabricCreateBody,
  type RelayCreateBody,
  type RelayCreateVideoRoom,
  type RelaySipEndpoint,
} from '@sip-spec/signalwire-sip-endpoints';

const client = createSipClient({ space: 'example', projectId: 'project', token: 'token' });
const room = '3b1f0a8c-7d2e-4f5a-9b6c-1d0e2f3a4b5c';

export const body: RelayCreateVideoRoom = { username: 'desk', password: 'secret', call_handler: 'video_room', call_video_room_id: room };

export async function run(): Promise<RelaySipEndpoint | string> {
  try {
    return await client.createSipEndpoint(body);
  } catch (error) {
    if (isApiError(error, 'create_sip_endpoint') && error.status === 422) return error.body.errors[0].detail;
    throw error;
  }
}

// @ts-expect-error video_room without call_video_room_id
export const missing: RelayCreateBody = { username: 'a', password: 'b', call_handler: 'video_room' };
// @ts-expect-error laml_webhooks with relay_topic's field
export const mixed: RelayCreateBody = { username: 'a', password: 'b', call_handler: 'laml_webhooks', call_request_url: 'https://example.com', call_relay_topic: 'x' };
// @ts-expect-error relay_app is no handler
export const relayApp: RelayCreateBody = { username: 'a', password: 'b', call_handler: 'relay_app' };
// @ts-expect-error resource without its resource id
export const resource: FabricCreateBody = { username: 'a', password: 'b', call_handler: 'resource' };
// @ts-expect-error a Fabric create needs a password (D14)
export const password: FabricCreateBody = { username: 'a' };
// @ts-expect-error no id in Fabric bodies
export const withId: FabricCreateBody = { username: 'a', password: 'b', id: room };
// @ts-expect-error SPEEX is not a codec
export const codec: FabricCreateBody = { username: 'a', password: 'b', codecs: ['SPEEX'] };

/** The error classes by name, as a logger groups them (errorClasses: frozen, every class the client throws). */
export const errorNames: string[] = Object.keys(errorClasses);
export const timedOutAfter = (error: unknown): number | undefined => (error instanceof errorClasses.SignalWireTimeoutError ? error.timeoutMs : undefined);
export function replaceAClass(): void {
  // @ts-expect-error errorClasses is read-only
  errorClasses.SignalWireError = SignalWireApiError;
}
