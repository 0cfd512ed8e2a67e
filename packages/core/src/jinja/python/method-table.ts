/**
 * How a builtin method of str, dict, list or tuple is declared and bound to
 * its object, with CPython's argument checks: most such methods take
 * positional arguments only (`dict.get(key, default=None, /)`), a few take
 * keywords (`str.split(sep=None, maxsplit=-1)`) or keywords only
 * (`list.sort(*, key=None, reverse=False)`).
 */
import { bindArgs, type Param } from '../runtime/signature';
import { PyError, PyFunction, type Kwargs } from '../runtime/values';
import { guardMemory } from './memory';

/** How a method takes its arguments, which also decides CPython's wording of arity errors. */
export type CallStyle =
  /** positional only, Argument Clinic: `get expected at least 1 argument, got 0` (METH_NOARGS and METH_O wordings for 0 and 1 parameters) */
  | 'positional'
  /** positional only, PyArg_ParseTuple: `startswith() takes at least 1 argument (0 given)`, `startswith() takes no keyword arguments` */
  | 'tuple'
  /** positional or keyword, bound by {@link bindArgs} */
  | 'keywords'
  /** keyword only (`list.sort`) */
  | 'keyword-only';

/** A builtin method of objects of type `T`. */
export interface MethodDef<T> {
  readonly params: readonly Param[];
  readonly style?: CallStyle;
  /** collect surplus positionals and keywords (`str.format(*args, **kwargs)`), style 'keywords' only */
  readonly rest?: boolean;
  /** the method's body: `self`, each parameter's value in order, and any surplus */
  readonly call: (self: T, values: unknown[], varargs: unknown[], varkw: Kwargs) => unknown;
}

/** The methods of a type, by name. */
export type MethodTable<T> = ReadonlyMap<string, MethodDef<T>>;

/** `n argument` or `n arguments`. */
function count(n: number): string {
  return `${n} argument${n === 1 ? '' : 's'}`;
}

/** CPython's arity message for a positional-only method, or null when `given` fits. */
function arityError(qualname: string, name: string, params: readonly Param[], style: CallStyle, given: number): string | null {
  const max = params.length;
  const min = params.filter((p) => !('default' in p)).length;
  if (given >= min && given <= max) return null;
  if (style === 'tuple') {
    return `${name}() takes ${given < min ? `at least ${count(min)}` : `at most ${count(max)}`} (${given} given)`;
  }
  if (max === 0) return `${qualname}() takes no arguments (${given} given)`;
  if (max === 1 && min === 1) return `${qualname}() takes exactly one argument (${given} given)`;
  if (min === max) return `${name} expected ${count(max)}, got ${given}`;
  return `${name} expected ${given < min ? `at least ${count(min)}` : `at most ${count(max)}`}, got ${given}`;
}

/**
 * The bound method `name` of `self` from `table`, or undefined when the type
 * has no such method. Calling it raises PyError only (MemoryError for a
 * result too large for JavaScript).
 * @param typeName the Python type (`str`, `dict`...) for messages such as `str.strip() takes no keyword arguments`
 */
export function bindMethod<T>(table: MethodTable<T>, typeName: string, self: T, name: string): PyFunction | undefined {
  const def = table.get(name);
  if (def === undefined) return undefined;
  const qualname = `${typeName}.${name}`;
  const style = def.style ?? 'positional';
  return new PyFunction(qualname, (args, kwargs) => guardMemory(() => {
    if (style === 'keywords') {
      const bound = bindArgs(name, def.params, args, kwargs, { varargs: def.rest, varkw: def.rest });
      return def.call(self, bound.values, bound.varargs, bound.varkw);
    }
    if (style === 'keyword-only') {
      if (args.length) throw new PyError('TypeError', `${name}() takes no positional arguments`);
      return def.call(self, bindArgs(name, def.params, [], kwargs).values, [], new Map());
    }
    if (kwargs.size) throw new PyError('TypeError', `${style === 'tuple' ? name : qualname}() takes no keyword arguments`);
    const message = arityError(qualname, name, def.params, style, args.length);
    if (message !== null) throw new PyError('TypeError', message);
    return def.call(self, bindArgs(name, def.params, args, kwargs).values, [], new Map());
  }));
}
