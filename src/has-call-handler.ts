// The run-time guard that narrows a body or an answer by its `call_handler`
// (the types it narrows to are in src/types.ts).
import type { WithCallHandler } from './types.js';

/**
 * Narrows a request body or a response object by its `call_handler`:
 * `hasCallHandler(endpoint, 'video_room')` is true when
 * `endpoint.call_handler === 'video_room'`, and then types `endpoint` as
 * `WithCallHandler<T, 'video_room'>` (the matching variant of a request
 * union, or the object with that `call_handler`). Never throws.
 *
 * @param value a request body or response object (`call_handler` may be absent)
 * @param handler a `call_handler` value of the spec (`RelayCallHandler`, `FabricCallHandler`)
 */
export function hasCallHandler<T extends { call_handler?: unknown }, H extends string>(value: T, handler: H): value is T & WithCallHandler<T, H> {
  return value.call_handler === handler;
}
