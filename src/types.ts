// Types derived from the generated spec types: per-operation arguments,
// results and error bodies, and the named request and response types that
// consumers import. Types only: nothing here exists at run time (the
// `hasCallHandler` guard is in src/has-call-handler.ts).
import type { components, operations as OperationTypes } from '../generated/schema.js';
import type { OperationId, operationTable } from '../generated/operations.js';

export type { OperationId } from '../generated/operations.js';
export type { paths, operations, components } from '../generated/schema.js';
// Every schema of the spec, by its name (RelayCreateVideoRoom, FabricSipCredential, …).
export type * from '../generated/schema.js';

type Schemas = components['schemas'];

/** Every key of every member of a union (`keyof` of a union gives only the shared ones). */
type KeysOfUnion<U> = U extends unknown ? keyof U : never;
type ExclusiveOf<U, K extends PropertyKey> = U extends unknown ? U & { [P in Exclude<K, keyof U>]?: never } : never;

/**
 * A union whose members exclude each other: each member of `U`, with every
 * field that only other members declare typed `?: never`. openapi-typescript
 * emits a `oneOf` as a plain union, and TypeScript checks excess properties
 * only on object literals against the one member it picks, so without this a
 * `laml_webhooks` body held in a variable could carry `call_relay_topic`.
 * Derived from the members themselves: a variant that declares a field (an
 * update without `call_handler` that allows handler fields, say) keeps it.
 * A union of one member is that member (`U & {}`).
 */
export type Exclusive<U, Also extends PropertyKey = never> = ExclusiveOf<U, KeysOfUnion<U> | Also>;

/**
 * Every field of the SIP endpoint request bodies of both families (Relay's
 * `call_video_room_id`, Fabric's `calling_handler_resource_id`, …). A body
 * of one family or operation that does not declare one of them types it
 * `?: never`: a form state shared by a Relay and a Fabric form, or by a
 * credential and a subscriber credential, cannot carry the other's field
 * into a request (the spec refuses unknown fields; TypeScript checks them
 * on object literals only).
 */
type EndpointRequestField = KeysOfUnion<
  Schemas['RelayCreateSipEndpointRequest'] | Schemas['RelayUpdateSipEndpointRequest'] | Schemas['FabricCreateSipCredentialRequest'] | Schemas['FabricUpdateSipCredentialRequest']
>;
/** A request body type: its variants exclusive, and no SIP endpoint field it does not declare. */
type RequestBody<U> = Exclusive<U, EndpointRequestField>;

/** Request bodies: each a union of one variant per `call_handler`, plus one without it; the fields of other variants, and of the other family, are `?: never`. */
export type RelayCreateBody = RequestBody<Schemas['RelayCreateSipEndpointRequest']>;
export type RelayUpdateBody = RequestBody<Schemas['RelayUpdateSipEndpointRequest']>;
export type FabricCreateBody = RequestBody<Schemas['FabricCreateSipCredentialRequest']>;
export type FabricUpdateBody = RequestBody<Schemas['FabricUpdateSipCredentialRequest']>;

/** Response objects. */
export type RelaySipEndpoint = Schemas['RelaySipEndpoint'];
export type FabricSipCredential = Schemas['FabricSipCredential'];

/** Values of `call_handler` in each family. */
export type RelayCallHandler = Schemas['RelayCallHandler'];
export type FabricCallHandler = Schemas['FabricCallHandler'];

/**
 * `T` narrowed to `call_handler: H`: the matching variant of a request union
 * (`WithCallHandler<RelayCreateBody, 'video_room'>` is `RelayCreateVideoRoom`),
 * or a response object whose `call_handler` is known to be `H`.
 */
export type WithCallHandler<T, H extends string> = [Extract<T, { call_handler: H }>] extends [never]
  ? T & { call_handler: H }
  : Extract<T, { call_handler: H }>;

// ---- Per-operation shapes, derived from the generated `operations` ----

type Op<Id extends OperationId> = OperationTypes[Id];
type JsonOf<R> = R extends { content: { 'application/json': infer B } } ? B : undefined;
type Responses<Id extends OperationId> = Op<Id>['responses'];
type SuccessCode<Id extends OperationId> = Extract<keyof Responses<Id>, 200 | 201 | 202 | 204>;
type ErrorCode<Id extends OperationId> = Exclude<Extract<keyof Responses<Id>, number>, SuccessCode<Id>>;

/** What a call resolves to: the JSON of any declared 2xx, `undefined` for 204. */
export type OperationResult<Id extends OperationId> = { [C in SuccessCode<Id>]: JsonOf<Responses<Id>[C]> }[SuccessCode<Id>];

/** The request body an operation takes (`never` when it takes none), its variants exclusive, with no SIP endpoint field it does not declare (`RequestBody`). */
export type OperationBody<Id extends OperationId> = Op<Id> extends { requestBody?: infer R } ? RequestBody<JsonOf<NonNullable<R>>> : never;

/** The query parameters an operation takes. */
export type OperationQuery<Id extends OperationId> = Op<Id>['parameters'] extends { query?: infer Q } ? Q : never;

/** Each documented error status of an operation with its body type. */
export type OperationErrorBody<Id extends OperationId, S extends ErrorCode<Id> = ErrorCode<Id>> = JsonOf<Responses<Id>[S]>;
/** The error statuses the spec declares for an operation. */
export type OperationErrorStatus<Id extends OperationId> = ErrorCode<Id>;

type Digit = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
type ToNumber<S> = S extends `${infer N extends number}` ? N : never;
/**
 * Every status a `SignalWireApiError` can carry: 300 to 599. The client
 * follows redirects and returns every 2xx, so an error is any other status
 * a server or proxy sends (fetch gives no 1xx).
 */
export type HttpErrorStatus = ToNumber<`${3 | 4 | 5}${Digit}${Digit}`>;
/** The error statuses of an operation the spec does not declare (429 from a proxy, 502, …): their body is `unknown`. */
export type UndeclaredErrorStatus<Id extends OperationId> = Exclude<HttpErrorStatus, ErrorCode<Id>>;

export interface CallOptions<Id extends OperationId> {
  /** Query parameters, typed by the spec. */
  query?: OperationQuery<Id>;
  /** Cancels the call. */
  signal?: AbortSignal;
  /** Overrides the client's timeout for this call, in milliseconds (retries and their waits included). */
  timeoutMs?: number;
  /** Extra request headers (e.g. `Prefer` against the mock). */
  headers?: Record<string, string>;
  /** Overrides the client's retry options for this call; `false` turns retries off. */
  retry?: RetryOptions | false;
}

/**
 * When and how a call is retried: GET, PUT and DELETE (idempotent, RFC 9110
 * §9.2.2), plus POST and PATCH with `retryNonIdempotent`, on 429, 502, 503,
 * 504 and on a refused or reset connection. An option left out, or given as
 * `undefined`, keeps its default (`ResolvedRetry`); an unknown option or a
 * number out of range throws a TypeError.
 */
export interface RetryOptions {
  /** Attempts in all, the first included: an integer from 1 to 10 (default 3). */
  maxAttempts?: number | undefined;
  /** Wait before retry n: random() × min(maxDelayMs, baseDelayMs × 2^(n-1)), "full jitter", in ms (defaults 200, 5 000). */
  baseDelayMs?: number | undefined;
  maxDelayMs?: number | undefined;
  /** A `Retry-After` (seconds or HTTP date) replaces the backoff, cut to this many ms (default 20 000). */
  maxRetryAfterMs?: number | undefined;
  /**
   * Retry POST and PATCH too. Off by default: neither is idempotent, and a
   * create or a partial update that reached the server may have happened.
   */
  retryNonIdempotent?: boolean | undefined;
  /** How to wait (default setTimeout, stopped early by the call's signal); tests pass their own. */
  sleep?: ((ms: number, signal?: AbortSignal) => Promise<void>) | undefined;
  /** Random source of the jitter, in [0, 1) (default Math.random). */
  random?: (() => number) | undefined;
}

/** Retry options with every default applied: no field is `undefined`. */
export type ResolvedRetry = { [K in keyof RetryOptions]-?: Exclude<RetryOptions[K], undefined> };

type Strings<T> = T extends readonly [unknown, ...infer Rest] ? [string, ...Strings<Rest>] : [];
type PathArgs<Id extends OperationId> = Strings<(typeof operationTable)[Id]['pathParams']>;
type BodyArgs<Id extends OperationId> = (typeof operationTable)[Id]['body'] extends true ? [body: OperationBody<Id>] : [];

/** `update_sip_endpoint` → `updateSipEndpoint`. */
export type CamelCase<S extends string> = S extends `${infer Head}_${infer Tail}` ? `${Head}${Capitalize<CamelCase<Tail>>}` : S;

/** One function per operation: path parameters in URL order, then the body, then options. */
export type OperationFunction<Id extends OperationId> = (
  ...args: [...PathArgs<Id>, ...BodyArgs<Id>, options?: CallOptions<Id>]
) => Promise<OperationResult<Id>>;

export type OperationFunctions = { [Id in OperationId as CamelCase<Id>]: OperationFunction<Id> };
