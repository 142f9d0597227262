// What a write run will send, decided before anything is sent: a unique
// username and a random password per family, and the update bodies (one per
// handler variant, those that need a real resource only when its id is
// given), each checked against the spec's request schema.
import { randomBytes } from 'node:crypto';
import type { FabricCreateBody, FabricUpdateBody, RelayCreateBody, RelayUpdateBody } from '../../src/types.js';
import type { OperationId } from '../../generated/operations.js';
import { secretForms } from '../../src/redact.js';
import { requestSchemaPointer, validateAt, variantPointer } from '../bundled-spec.js';
import { mismatchesFrom } from './check.js';
import { DEFAULTS, UsageError, type Family, type Resolved, type VerifyOptions } from './options.js';

/** The operations of each family, by role. */
export const ROUTES = {
  relay: { list: 'list_sip_endpoints', create: 'create_sip_endpoint', get: 'retrieve_sip_endpoint', update: 'update_sip_endpoint', delete: 'delete_sip_endpoint' },
  fabric: { list: 'list_sip_credentials', create: 'create_sip_credential', get: 'get_sip_credential', update: 'update_sip_credential', delete: 'delete_sip_credential', addresses: 'list_sip_credential_addresses' },
} as const satisfies Record<Family, Record<string, OperationId>>;

/** The reads that follow one endpoint of a family by its id: get, and Fabric's addresses. */
export const followReads = (family: Family): OperationId[] => [ROUTES[family].get, ...(family === 'fabric' ? [ROUTES.fabric.addresses] : [])];

export type Variant<B> = { label: string; body?: B; needs?: string };

/** The update bodies of a write run: handlers that need a real resource only when its id is given. */
export function updateVariants(options: Pick<VerifyOptions, 'ids' | 'webhookUrl' | 'scriptUrl'>): { relay: Variant<RelayUpdateBody>[]; fabric: Variant<FabricUpdateBody>[] } {
  const ids = options.ids ?? {};
  const webhookUrl = options.webhookUrl ?? DEFAULTS.webhookUrl;
  const scriptUrl = options.scriptUrl ?? DEFAULTS.scriptUrl;
  const when = <B>(label: string, value: string | undefined, flag: string, body: (v: string) => B): Variant<B> =>
    value === undefined ? { label, needs: `needs a real resource of your space: pass ${flag}` } : { label, body: body(value) };
  return {
    relay: [
      { label: 'relay_connector', body: { call_handler: 'relay_connector' } },
      { label: 'laml_webhooks', body: { call_handler: 'laml_webhooks', call_request_url: webhookUrl, call_request_method: 'POST' } },
      { label: 'relay_context', body: { call_handler: 'relay_context', call_relay_context: 'sip-spec-verify' } },
      { label: 'relay_topic', body: { call_handler: 'relay_topic', call_relay_topic: 'sip-spec-verify' } },
      { label: 'relay_script', body: { call_handler: 'relay_script', call_relay_script_url: scriptUrl } },
      when('relay_application', ids.relayApplication, '--relay-application', (v) => ({ call_handler: 'relay_application', call_relay_application: v })),
      when('laml_application', ids.lamlApplicationId, '--laml-application-id', (v) => ({ call_handler: 'laml_application', call_laml_application_id: v })),
      when('dialogflow', ids.dialogflowAgentId, '--dialogflow-agent-id', (v) => ({ call_handler: 'dialogflow', call_dialogflow_agent_id: v })),
      when('video_room', ids.videoRoomId, '--video-room-id', (v) => ({ call_handler: 'video_room', call_video_room_id: v })),
      when('call_flow', ids.callFlowId, '--call-flow-id', (v) => ({ call_handler: 'call_flow', call_flow_id: v })),
      when('ai_agent', ids.aiAgentId, '--ai-agent-id', (v) => ({ call_handler: 'ai_agent', call_ai_agent_id: v })),
      { label: 'no call_handler', body: { caller_id: 'SIP Spec Verify', codecs: ['PCMU', 'PCMA'] } },
    ],
    fabric: [
      { label: 'passthrough', body: { call_handler: 'passthrough' } },
      { label: 'block-pstn', body: { call_handler: 'block-pstn' } },
      when('resource', ids.fabricResourceId, '--resource-id', (v) => ({ call_handler: 'resource', calling_handler_resource_id: v })),
      { label: 'default', body: { call_handler: 'default', calling_handler_resource_id: null } },
      { label: 'no call_handler', body: { caller_id: 'SIP Spec Verify', codecs: ['PCMU', 'PCMA'] } },
    ],
  };
}

/** Refuses, before any request, a body the spec itself would refuse (a flag's id that is not a uuid, say). */
export function assertValidRequest(operationId: OperationId, label: string, body: unknown): void {
  const pointer = requestSchemaPointer(operationId);
  if (validateAt(pointer, body).valid) return;
  // Name the errors of the variant the body selects, not those of every branch of the union.
  const variant = variantPointer(pointer, body);
  const { errors } = validateAt(variant ?? pointer, body);
  const detail = mismatchesFrom(operationId, errors, body)
    .map((m) => `${m.path}: expected ${m.expected}; got ${m.got}`)
    .join('; ');
  throw new UsageError(`the ${label} body would break the spec's request schema: ${detail}`);
}

const uniqueName = (prefix: string, family: Family) => `${prefix}-${family}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
/** A SIP password for the Relay endpoint: long, random, never printed. */
const newPassword = () => `Sv1-${randomBytes(18).toString('base64url')}`;

/** One family's writes: the create body under a unique username, then the update variants. */
export type WritePlan = { family: Family; username: string; create: RelayCreateBody | FabricCreateBody; updates: Variant<unknown>[] };

/** Every write of a run, every body checked first: nothing is sent when one of them is invalid (UsageError). */
export function planWrites(o: Resolved, families: readonly Family[]): WritePlan[] {
  if (!o.write) return [];
  const variants = updateVariants(o);
  return families.map((family) => {
    const { create: createId, update } = ROUTES[family];
    const username = uniqueName(o.namePrefix, family);
    const create: RelayCreateBody | FabricCreateBody = { username, password: newPassword() };
    assertValidRequest(createId, createId, create);
    for (const v of variants[family]) if (v.body) assertValidRequest(update, `${update} (${v.label})`, v.body);
    return { family, username, create, updates: variants[family] as Variant<unknown>[] };
  });
}

/**
 * The credentials in every form they could be printed in (src/redact.ts):
 * the token, the project id and `extra` (a created endpoint's password) as
 * given, URL- and JSON-escaped, and the Basic credentials; 4 characters or
 * more.
 */
export function secretsOf(credentials: { projectId: string; token: string }, extra: readonly string[] = []): string[] {
  return secretForms(credentials.projectId, credentials.token, [credentials.token, credentials.projectId, ...extra], 4);
}
