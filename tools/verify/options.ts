// The options of a verify run: what a caller (the CLI, a test) may pass, the
// defaults under them, and the checks that refuse a bad value before any
// request is sent.
import { DEFAULT_MAX_RESPONSE_BYTES, MAX_TIMEOUT_MS } from '../../src/client.js';
import type { Sleep } from './transport.js';
import type { VerifyEvent } from './report.js';

export type Family = 'relay' | 'fabric';
export const FAMILIES: readonly Family[] = ['relay', 'fabric'];

/** Ids of real resources in your space, for handlers that need one. Without them those handlers are skipped. */
export type ResourceIds = {
  /** Relay `video_room`: a Video Room id. */
  videoRoomId?: string;
  /** Relay `call_flow`: a Call Flow id. */
  callFlowId?: string;
  /** Relay `ai_agent`: an AI Agent id. */
  aiAgentId?: string;
  /** Relay `laml_application`: a cXML application id. */
  lamlApplicationId?: string;
  /** Relay `dialogflow`: a Dialogflow agent id. */
  dialogflowAgentId?: string;
  /** Relay `relay_application`: the name of a Relay application. */
  relayApplication?: string;
  /** Fabric `resource`: the Fabric resource outbound calls run. */
  fabricResourceId?: string;
};

export type VerifyOptions = {
  /** Where requests go: https://<space>.signalwire.com or any other server. */
  baseUrl: string;
  projectId: string;
  token: string;
  /** Also create, update and delete one endpoint per family (default false). */
  write?: boolean;
  /** The families to check (default both). */
  families?: readonly Family[];
  /** Most requests the run sends, cleanup aside (default 60). */
  maxRequests?: number;
  /** Pause between requests in ms (default 250). */
  pauseMs?: number;
  /** Longest wait for one 429 in ms (default 30 000). */
  maxWaitMs?: number;
  /** Repeats of one request after 429s (default 3). */
  rateLimitRetries?: number;
  /** Timeout of one request in ms (default 30 000). */
  timeoutMs?: number;
  /** Largest answer body read, in bytes (default 10 MiB, as the client's maxResponseBytes); a larger one is an error of its step. */
  maxResponseBytes?: number;
  /** Attempts to delete each endpoint the run created (default 4). */
  deleteAttempts?: number;
  /** First pause between delete attempts in ms, doubled each time (default 1000, at most maxWaitMs). */
  deleteBackoffMs?: number;
  /** `page_size` of the list calls (default: the server's). */
  pageSize?: number;
  /** Ids of real resources, for the handlers that need them. */
  ids?: ResourceIds;
  /** `call_request_url` of the Relay laml_webhooks update (default https://example.com/sip-spec-verify/cxml). */
  webhookUrl?: string;
  /** `call_relay_script_url` of the Relay relay_script update (default https://example.com/sip-spec-verify/script.swml). */
  scriptUrl?: string;
  /** Prefix of the usernames the run creates (default sipspec-verify). */
  namePrefix?: string;
  /** Aborting it stops the run after the request in flight and goes on to cleanup. */
  signal?: AbortSignal;
  /** Called as the run progresses (the CLI uses it to know what is left to delete). */
  onEvent?: (event: VerifyEvent) => void;
  sleep?: Sleep;
  fetch?: typeof globalThis.fetch;
};

/** A problem with the options, found before any request is sent. */
export class UsageError extends Error {}

export const DEFAULTS = {
  maxRequests: 60,
  pauseMs: 250,
  maxWaitMs: 30_000,
  rateLimitRetries: 3,
  timeoutMs: 30_000,
  maxResponseBytes: DEFAULT_MAX_RESPONSE_BYTES,
  deleteAttempts: 4,
  deleteBackoffMs: 1000,
  webhookUrl: 'https://example.com/sip-spec-verify/cxml',
  scriptUrl: 'https://example.com/sip-spec-verify/script.swml',
  namePrefix: 'sipspec-verify',
} as const;

/** The options with every default filled in (an option given as `undefined` keeps its default). */
export type Resolved = VerifyOptions & { -readonly [K in keyof typeof DEFAULTS]: (typeof DEFAULTS)[K] extends string ? string : number };

/** Integer options: name, smallest and largest value. Waits and timeouts stop at setTimeout's largest delay (MAX_TIMEOUT_MS): a longer one fires at once. */
const BOUNDS = [
  ['maxRequests', 1, 1000],
  ['pauseMs', 0, MAX_TIMEOUT_MS],
  ['maxWaitMs', 0, MAX_TIMEOUT_MS],
  ['rateLimitRetries', 0, Infinity],
  ['timeoutMs', 1, MAX_TIMEOUT_MS],
  ['maxResponseBytes', 1, Number.MAX_SAFE_INTEGER],
  ['deleteAttempts', 1, 10],
  ['deleteBackoffMs', 0, MAX_TIMEOUT_MS],
] as const;

/** The options with their defaults, and the families to check (each once); a UsageError for a value out of bounds. */
export function resolveOptions(options: VerifyOptions): { o: Resolved; families: Family[] } {
  const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as VerifyOptions;
  const o = { ...DEFAULTS, ...given } as Resolved;
  for (const [name, min, max] of BOUNDS) {
    const value = o[name];
    if (!Number.isInteger(value) || value < min) throw new UsageError(`${name} must be an integer >= ${min}`);
    if (value > max) throw new UsageError(`${name} must be at most ${max}`);
  }
  if (o.pageSize !== undefined && (!Number.isInteger(o.pageSize) || o.pageSize < 1 || o.pageSize > 1000)) throw new UsageError('pageSize must be an integer from 1 to 1000');
  return { o, families: [...new Set(o.families ?? FAMILIES)] };
}
