/**
 * Every error type brine raises. Names follow Salt's exceptions because users
 * see them in returns and on the CLI (`salt.exceptions`).
 */

/** Base of all brine errors: `name` is the Salt exception name users see, `hint` an optional next step for the user. */
export class SaltError extends Error {
  constructor(message: string, readonly hint?: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A module function failed while doing its work (Salt's CommandExecutionError). */
export class CommandExecutionError extends SaltError {}

/** A function was called with bad or missing arguments (Salt's SaltInvocationError). */
export class SaltInvocationError extends SaltError {}

/** A configuration file is unreadable or malformed; `file` and `line` (1-based) locate it. */
export class SaltConfigurationError extends SaltError {
  constructor(message: string, readonly file?: string, readonly line?: number) {
    super(message);
  }
}

/** An SLS or pillar file failed to render; `sls` names it and `line` (1-based) points at the fault. */
export class SaltRenderError extends SaltError {
  constructor(message: string, readonly sls?: string, readonly line?: number) {
    super(message);
  }
}

/** Arguments did not bind to a function's signature (Salt reports these as "Passed invalid arguments to mod.fun: ..." followed by the function's doc). */
export class InvalidArgumentsError extends SaltInvocationError {}

/** Authentication with the master failed or was refused (Salt's AuthenticationError). */
export class AuthenticationError extends SaltError {}

/** The master did not answer a request in time (Salt's SaltReqTimeoutError). */
export class SaltReqTimeoutError extends SaltError {}

/** The master is not running, or this user cannot reach it (Salt's SaltClientError). */
export class SaltClientError extends SaltError {}

/** A wire frame was malformed, oversized, of an unknown version or failed to decrypt or verify. */
export class ProtocolError extends SaltError {}

/** A target expression could not be parsed (Salt's SaltInvocationError for bad compound targets). */
export class TargetError extends SaltError {}

/** Message of any thrown value, for logs and returns. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
