/**
 * The methods of Python's str, dict, list and tuple that templates call
 * (`d.get(k, default)`, `d.update()`, `l.append()`, `s.split()`...), bound
 * to a value, with CPython's semantics and error messages. Only these
 * tables are reachable: a name they lack (`constructor`, `__proto__`...)
 * gives undefined, never a JavaScript property.
 */
import { isDict, isTuple, type PyDict, type PyFunction } from '../runtime/values';
import { DICT_METHODS } from './dict-methods';
import { LIST_METHODS, TUPLE_METHODS } from './list-methods';
import { bindMethod } from './method-table';
import { STR_METHODS } from './str-methods';

/**
 * The bound method `name` of `obj` (a str, dict, list or tuple), or undefined
 * when that type has no such method (the evaluator then yields an Undefined).
 * Calling it raises PyError with CPython's messages (TypeError for arguments
 * that do not fit, ValueError/KeyError/IndexError as each method does).
 */
export function pyMethod(obj: unknown, name: string): PyFunction | undefined {
  if (typeof obj === 'string') return bindMethod(STR_METHODS, 'str', obj, name);
  if (isDict(obj)) return bindMethod<PyDict>(DICT_METHODS, 'dict', obj, name);
  if (isTuple(obj)) return bindMethod(TUPLE_METHODS, 'tuple', obj, name);
  if (Array.isArray(obj)) return bindMethod(LIST_METHODS, 'list', obj, name);
  return undefined;
}
