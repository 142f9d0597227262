// Type-level tests of the client's functions, results and errors.
import { createSipClient, hasCallHandler, isApiError, type RelaySipEndpoint } from '../../src/index.js';

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
