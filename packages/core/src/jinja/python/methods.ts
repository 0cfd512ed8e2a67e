/**
 * The methods of Python's str, dict, list and tuple that templates call
 * (`d.get(k, default)`, `d.update()`, `l.append()`, `s.split()`...), bound
 * to a value, with CPython's semantics and error messages.
 */
import { PyError, type PyFunction } from '../runtime/values';

/**
 * The bound method `name` of `obj` (a str, dict, list or tuple), or undefined
 * when that type has no such method (the evaluator then yields an Undefined).
 */
export function pyMethod(obj: unknown, name: string): PyFunction | undefined {
  throw new PyError('NotImplementedError', `methods are not implemented yet (${typeof obj}.${name})`);
}
