// Type-level tests: compiled by test/types/typecheck.test.ts with tsc.
// Every `@ts-expect-error` must be needed: if the line compiled, tsc would
// report the unused directive and the test would fail.
import type {
  FabricCreateBody,
  FabricUpdateBody,
  RelayCreateBody,
  RelayCreateVideoRoom,
  RelayUpdateBody,
  WithCallHandler,
} from '../../src/index.js';

const room = '3b1f0a8c-7d2e-4f5a-9b6c-1d0e2f3a4b5c';

// Valid bodies compile.
export const videoRoom: RelayCreateBody = { username: 'a', password: 'b', call_handler: 'video_room', call_video_room_id: room };
export const noHandler: RelayUpdateBody = { codecs: ['OPUS', 'PCMU'] };
export const fabricResource: FabricCreateBody = { username: 'a', password: 'b', call_handler: 'resource', calling_handler_resource_id: room };
export const fabricDefault: FabricUpdateBody = { call_handler: 'default', calling_handler_resource_id: null };

// video_room without call_video_room_id.
// @ts-expect-error call_video_room_id is required with video_room
export const missingRoom: RelayCreateBody = { username: 'a', password: 'b', call_handler: 'video_room' };

// laml_webhooks with another handler's field (the first case; every
// variant of every union is tried by test/types/typecheck.test.ts).
// @ts-expect-error call_relay_topic belongs to relay_topic
export const mixed: RelayCreateBody = { username: 'a', password: 'b', call_handler: 'laml_webhooks', call_request_url: 'https://example.com/voice', call_relay_topic: 'office' };

// An unknown handler.
// @ts-expect-error relay_app is not a Relay call_handler
export const relayApp: RelayUpdateBody = { call_handler: 'relay_app' };

// Fabric resource without its resource id.
// @ts-expect-error calling_handler_resource_id is required with resource
export const resourceWithoutId: FabricCreateBody = { username: 'a', password: 'b', call_handler: 'resource' };

// A Fabric create needs a password (D14); an update may change it; id is the server's.
export const fabricPassword: FabricCreateBody = { username: 'a', password: 'secret' };
export const fabricNewPassword: FabricUpdateBody = { password: 'secret' };
// @ts-expect-error a Fabric create needs a password
export const fabricNoPassword: FabricCreateBody = { username: 'a' };
// @ts-expect-error the server assigns id
export const fabricId: FabricCreateBody = { username: 'a', password: 'b', id: room };

// A codec outside the enum.
// @ts-expect-error SPEEX is not a codec
export const badCodec: RelayUpdateBody = { codecs: ['SPEEX'] };

// A Fabric handler on a Relay body, and a Relay handler on a Fabric body.
// @ts-expect-error passthrough is a Fabric handler
export const crossFamily: RelayUpdateBody = { call_handler: 'passthrough' };
// @ts-expect-error video_room is a Relay handler
export const crossFamily2: FabricUpdateBody = { call_handler: 'video_room', call_video_room_id: room };

// A partial update (D41): handler fields without the handler change the current one;
// optional ones take null to clear them. On create, both are refused.
export const partialUpdate: RelayUpdateBody = { call_request_url: 'https://example.com/laml' };
export const clearFallback: RelayUpdateBody = { call_fallback_url: null };
export const clearWithHandler: RelayUpdateBody = { call_handler: 'laml_webhooks', call_request_url: 'https://example.com/laml', call_fallback_url: null };
export const fabricPartial: FabricUpdateBody = { calling_handler_resource_id: room };
// On create, a handler field without its handler is refused by tsc too: the member
// without call_handler types every handler field `?: never` (Exclusive).
// @ts-expect-error call_video_room_id needs call_handler: video_room
export const fieldWithoutHandler: RelayCreateBody = { username: 'a', password: 'b', call_video_room_id: room };
// A field of the other family, even in a variable (a form shared by a Relay and a Fabric form).
const sharedForm = { username: 'a', password: 'b', call_handler: 'resource' as const, calling_handler_resource_id: room, call_video_room_id: room };
// @ts-expect-error call_video_room_id is a Relay field
export const otherFamily: FabricCreateBody = sharedForm;
// @ts-expect-error on create, null clears nothing
export const nullOnCreate: RelayCreateBody = { username: 'a', password: 'b', call_handler: 'laml_webhooks', call_request_url: 'https://example.com/laml', call_fallback_url: null };
// @ts-expect-error the field that selects the target cannot be null
export const nullSelector: RelayUpdateBody = { call_request_url: null };

// WithCallHandler picks the variant.
export const picked: WithCallHandler<RelayCreateBody, 'video_room'> = { username: 'a', password: 'b', call_handler: 'video_room', call_video_room_id: room };
export const same: RelayCreateVideoRoom = picked;
// @ts-expect-error the picked variant is video_room only
export const wrongPick: WithCallHandler<RelayCreateBody, 'video_room'> = { username: 'a', password: 'b', call_handler: 'ai_agent', call_ai_agent_id: room };
