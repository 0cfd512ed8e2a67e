/**
 * Exit codes and closing messages of the CLIs, as Salt's
 * (salt.defaults.exitcodes and the salt CLI's `ERROR: ...` lines).
 */

/** Success. */
export const EX_OK = 0;
/** A minion returned a non-zero retcode or did not return; also any generic error (Salt's EX_GENERIC). */
export const EX_GENERIC = 1;
/** The target matched no minion: nothing was sent (Salt exits 2 with "No return received"). */
export const EX_NO_RETURN = 2;

/** Printed on stderr when some minion failed or did not return. */
export const MSG_NON_ZERO = 'ERROR: Minions returned with non-zero exit code';
/** Printed on stderr when nothing matched. */
export const MSG_NO_RETURN = 'ERROR: No return received';
/** Printed on stdout when nothing matched. */
export const MSG_NO_MATCH = 'No minions matched the target. No command was sent, no jid was assigned.';
