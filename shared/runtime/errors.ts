import moleculer from 'moleculer';
import { ERRORS, type ErrorType } from '../contract/index.js';

/**
 * The one way our code says no: a Moleculer client error whose `type` is registered in the contract
 * and whose `code` is that type's HTTP status, so it survives the transporter and maps in one place.
 */
export class CommandError extends moleculer.Errors.MoleculerClientError {
  constructor(type: ErrorType, message: string, data?: unknown) {
    super(message, ERRORS[type].status, type, data);
  }
}

/** A server-side failure the client may retry with the same commandId. */
export class UnavailableError extends moleculer.Errors.MoleculerRetryableError {
  constructor(message: string, data?: unknown) {
    super(message, ERRORS.UNAVAILABLE.status, 'UNAVAILABLE', data);
  }
}
