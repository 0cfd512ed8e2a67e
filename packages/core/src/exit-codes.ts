/**
 * Salt's exit codes (salt.defaults.exitcodes) that brine uses, in one place:
 * the retcodes a job sets and the codes the CLIs exit with.
 */

/** Success. */
export const EX_OK = 0;
/** A generic failure: a function raised, a minion failed or did not return, a CLI error (Salt's EX_GENERIC). */
export const EX_GENERIC = 1;
/** The SLS did not render or compile (Salt's EX_STATE_COMPILER_ERROR). */
export const EX_STATE_COMPILER_ERROR = 1;
/** A state failed (Salt's EX_STATE_FAILURE). */
export const EX_STATE_FAILURE = 2;
/** An internal software error: a daemon stopped on an error nothing handled (Salt's EX_SOFTWARE). */
export const EX_SOFTWARE = 70;
