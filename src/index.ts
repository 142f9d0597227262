// Public entry point of the package.
export { createSipClient, basicAuth, type SipClient, type SipClientOptions } from './client.js';
export type { SipClientMethods } from '../generated/client.js';
export {
  SignalWireError,
  SignalWireApiError,
  SignalWireTimeoutError,
  SignalWireNetworkError,
  SignalWireResponseError,
  SignalWireNonJsonError,
  SignalWireEmptyBodyError,
  SignalWireResponseValidationError,
  SignalWireResponseTooLargeError,
  SignalWireRequestValidationError,
  isApiError,
  type ApiErrorOf,
} from './errors.js';
export { hasCallHandler } from './types.js';
export type * from './types.js';
export { operations } from '../generated/operations.js';
