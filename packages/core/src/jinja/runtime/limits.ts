/**
 * The resource limits of one render. Jinja2 in Salt has almost none (its
 * sandbox only caps `range()`), so a hostile value or a template bug can
 * make Python run out of memory or loop for ever; brine renders pillar on
 * the master daemon, so a render must end, with an error naming the limit
 * it crossed, well before the process is in danger. The values are far
 * above what real formulas use (see the "Limits" section of ../README.md).
 */
import { PyError } from './values';

/** The longest str a render builds, in UTF-16 code units (32 Mi). */
export const MAX_STRING = 2 ** 25;

/** How many characters one render may print in all (128 Mi), output captured by macros, set blocks and includes included. */
export const MAX_OUTPUT = 2 ** 27;

/** The most items a list or tuple built by a render may hold (4 Mi). */
export const MAX_ITEMS = 2 ** 22;

/** How many statements and loop iterations one render may execute, includes and macro calls included. */
export const MAX_STEPS = 20_000_000;

/** After this many steps a render lets the event loop run (other requests, timers) before going on. */
export const STEPS_PER_YIELD = 10_000;

/** The longest one regular expression search or substitution may run, in milliseconds. */
export const REGEX_TIMEOUT_MS = 2_000;

/** How deeply a template's expressions and blocks may nest (parentheses, brackets, operators, filters, tags). */
export const MAX_NESTING = 400;

/** Python's MemoryError, saying which limit `what` crossed. */
export function memoryError(what: string): PyError {
  return new PyError('MemoryError', `${what} (brine's limit for one render)`);
}

/**
 * `value` itself when it is within the size limits.
 * @throws PyError MemoryError for a str longer than {@link MAX_STRING} or a list/tuple longer than {@link MAX_ITEMS}
 */
export function checkSize<T>(value: T): T {
  if (typeof value === 'string') checkLength('str', value.length);
  else if (Array.isArray(value)) checkLength('list', value.length);
  return value;
}

/**
 * Check, before building it, that a str of `length` characters or a list of `length` items is within the limits.
 * @throws PyError MemoryError past {@link MAX_STRING} characters or {@link MAX_ITEMS} items
 */
export function checkLength(kind: 'str' | 'list', length: number): void {
  if (kind === 'str' && length > MAX_STRING) throw memoryError(`a str of more than ${MAX_STRING} characters`);
  if (kind === 'list' && length > MAX_ITEMS) throw memoryError(`a list of more than ${MAX_ITEMS} items`);
}

/** True for V8's stack overflow error. */
export function isStackOverflow(e: unknown): boolean {
  return e instanceof RangeError && e.message.includes('Maximum call stack size exceeded');
}

/**
 * A JavaScript error raised inside the engine as the Python error a template
 * sees: a stack overflow is RecursionError, a failed allocation (`Invalid
 * string length`, `Invalid array length`, `Maximum BigInt size exceeded`)
 * MemoryError; anything else is an engine bug, a RuntimeError that says so.
 */
export function fromJsError(e: Error): PyError {
  if (isStackOverflow(e)) return new PyError('RecursionError', 'maximum recursion depth exceeded');
  if (e instanceof RangeError && /Invalid (string|array|typed array) length|BigInt|allocation failed/i.test(e.message)) {
    return memoryError(`a value too large to build (${e.message})`);
  }
  return new PyError('RuntimeError', `internal error in brine's Jinja engine (${e.name}: ${e.message})`);
}
