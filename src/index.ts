// Public entry point of the package.
export { createSipClient, basicAuth, type SipClient, type SipClientOptions } from './client.js';
export type { SipClientMethods } from '../generated/client.js';
// The error classes (each by its name; `errorClasses` lists them all), isApiError and ApiErrorOf.
export * from './errors.js';
export { hasCallHandler } from './has-call-handler.js';
export type * from './types.js';
/** The operation table: per operationId, its method, path template, path parameters, whether it takes a body and whether its 2xx answers carry JSON. */
export { operationTable } from '../generated/operations.js';
