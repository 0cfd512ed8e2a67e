/**
 * Every error type brine raises. Names follow Salt's exceptions because users
 * see them in returns and on the CLI (`salt.exceptions`).
 *
 * Each error carries a {@link ErrorCode} from a closed set, so an error can
 * cross the wire as `{code, message, hint}` and be rebuilt by the receiver as
 * the right class ({@link errorFromWire}), as Choria's status codes do. The
 * CLI maps codes to Salt's exit codes in one table (cli/exit-codes.ts).
 */

/**
 * Why something failed, as both ends of a channel understand it:
 * - `auth`: the sender is not who it claims, or is not (or no longer) accepted;
 * - `denied`: the sender is known but may not do this;
 * - `not_found`: what the request names does not exist (a jid, a file);
 * - `invalid`: the request is malformed or its arguments are wrong;
 * - `unavailable`: the service cannot answer now (not running, overloaded, a cache refusing writes); try again later;
 * - `failed`: the work was attempted and failed (Salt's CommandExecutionError);
 * - `internal`: an unexpected fault, a bug.
 */
export const ERROR_CODES = ['auth', 'denied', 'not_found', 'invalid', 'unavailable', 'failed', 'internal'] as const;
/** One of {@link ERROR_CODES}. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Base of all brine errors: `name` is the Salt exception name users see, `hint` an optional next step for the user. */
export class SaltError extends Error {
  /** What kind of failure this is, on the wire and for exit codes. */
  readonly code: ErrorCode = 'internal';

  constructor(message: string, readonly hint?: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A module function failed while doing its work (Salt's CommandExecutionError). */
export class CommandExecutionError extends SaltError {
  override readonly code: ErrorCode = 'failed';
}

/** What a request names does not exist: an unknown jid, a missing file (code `not_found`). */
export class NotFoundError extends CommandExecutionError {
  override readonly code: ErrorCode = 'not_found';
}

/** A function was called with bad or missing arguments (Salt's SaltInvocationError). */
export class SaltInvocationError extends SaltError {
  override readonly code: ErrorCode = 'invalid';
}

/** A configuration file is unreadable or malformed; `file` and `line` (1-based) locate it. */
export class SaltConfigurationError extends SaltError {
  override readonly code: ErrorCode = 'invalid';

  constructor(message: string, readonly file?: string, readonly line?: number) {
    super(message);
  }
}

/** An SLS or pillar file failed to render; `sls` names it and `line` (1-based) points at the fault. */
export class SaltRenderError extends SaltError {
  override readonly code: ErrorCode = 'invalid';

  constructor(message: string, readonly sls?: string, readonly line?: number) {
    super(message);
  }
}

/** Arguments did not bind to a function's signature (Salt reports these as "Passed invalid arguments to mod.fun: ..." followed by the function's doc). */
export class InvalidArgumentsError extends SaltInvocationError {}

/** Authentication with the master failed or was refused (Salt's AuthenticationError). */
export class AuthenticationError extends SaltError {
  override readonly code: ErrorCode = 'auth';
}

/** The sender is authenticated but may not do what it asked (Salt's AuthorizationError). */
export class AuthorizationError extends SaltError {
  override readonly code: ErrorCode = 'denied';
}

/** The master did not answer a request in time (Salt's SaltReqTimeoutError). */
export class SaltReqTimeoutError extends SaltError {
  override readonly code: ErrorCode = 'unavailable';
}

/** The master is not running, cannot be reached, or cannot serve the request now (Salt's SaltClientError). */
export class SaltClientError extends SaltError {
  override readonly code: ErrorCode = 'unavailable';
}

/** A wire frame was malformed, oversized, of an unknown version or failed to decrypt or verify. */
export class ProtocolError extends SaltError {
  override readonly code: ErrorCode = 'invalid';
}

/** A target expression could not be parsed (Salt's SaltInvocationError for bad compound targets). */
export class TargetError extends SaltError {
  override readonly code: ErrorCode = 'invalid';
}

/** Message of any thrown value, for logs and returns. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  // An error from another realm (a native addon's under jest's vm contexts) fails instanceof but has a message.
  if (typeof err === 'object' && err !== null && 'message' in err && typeof err.message === 'string') return err.message;
  return String(err);
}

/** The code of any thrown value: a brine error's own, `internal` for anything else. */
export function errorCode(err: unknown): ErrorCode {
  return err instanceof SaltError ? err.code : 'internal';
}

/** The class an error of each code is rebuilt as by the receiver. */
const CLASS_OF: Record<ErrorCode, new (message: string, hint?: string) => SaltError> = {
  auth: AuthenticationError,
  denied: AuthorizationError,
  not_found: NotFoundError,
  invalid: SaltInvocationError,
  unavailable: SaltClientError,
  failed: CommandExecutionError,
  internal: SaltError,
};

/**
 * Rebuild an error received as `{code, message, hint}` as the class its code
 * stands for (`auth` → AuthenticationError, `invalid` → SaltInvocationError, ...).
 */
export function errorFromWire(wire: { code: ErrorCode; message: string; hint?: string }): SaltError {
  return new CLASS_OF[wire.code](wire.message, wire.hint);
}
