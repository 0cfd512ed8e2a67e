/**
 * Python raises MemoryError when a result cannot be allocated
 * (`'a'.ljust(10**10)`, `'{:9999999999}'.format(1)`); JavaScript throws a
 * RangeError (`Invalid string length`, `Maximum BigInt size exceeded`).
 * This turns the one into the other so no JavaScript error reaches a template.
 */
import { fromJsError } from '../runtime/limits';

/**
 * `fn()`, with a JavaScript RangeError raised as Python's MemoryError (see runtime/limits fromJsError).
 * @throws PyError MemoryError naming the failed allocation instead of a RangeError (RecursionError for a stack overflow)
 */
export function guardMemory<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof RangeError) throw fromJsError(e);
    throw e;
  }
}
