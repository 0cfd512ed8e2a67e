/**
 * How the CLIs end, as Salt's: exit codes (from core/exit-codes.ts, plus the
 * salt CLI's "nothing matched"), the table from an error's code to the exit
 * code, and the closing messages of the salt CLI.
 */
import type { ErrorCode } from '@brine/core/errors';
import { EX_GENERIC } from '@brine/core/exit-codes';

export { EX_GENERIC, EX_OK } from '@brine/core/exit-codes';

/** A command line the CLI cannot parse: an unknown option or a bad option value (Salt's EX_USAGE, from optparse). */
export const EX_USAGE = 64;

/** `salt` without a target: its help is printed instead (Salt's salt CLI exits 42). */
export const EX_NO_TARGET = 42;

/** The target matched no minion: nothing was sent (Salt exits 2 with "No return received"). */
export const EX_NO_RETURN = 2;

/**
 * The exit code of a CLI that failed with an error of each code. Salt's CLIs
 * exit 1 (EX_GENERIC) for every error they catch, SaltInvocationError,
 * EauthAuthenticationError and SaltClientError alike (salt/cli/salt.py), and
 * so does brine; this is the one place to change that.
 */
const EXIT_CODES: Record<ErrorCode, number> = {
  auth: EX_GENERIC,
  denied: EX_GENERIC,
  not_found: EX_GENERIC,
  invalid: EX_GENERIC,
  unavailable: EX_GENERIC,
  failed: EX_GENERIC,
  internal: EX_GENERIC,
};

/** The exit code for an error of code `code`. */
export function exitCodeFor(code: ErrorCode): number {
  return EXIT_CODES[code];
}

/** Printed on stderr when some minion failed or did not return. */
export const MSG_NON_ZERO = 'ERROR: Minions returned with non-zero exit code';
/** Printed on stderr when nothing matched. */
export const MSG_NO_RETURN = 'ERROR: No return received';
/** Printed on stdout when nothing matched. */
export const MSG_NO_MATCH = 'No minions matched the target. No command was sent, no jid was assigned.';
