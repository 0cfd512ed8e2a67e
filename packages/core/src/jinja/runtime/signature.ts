/**
 * Python's argument binding for functions, methods, filters and tests the
 * engine provides: positional then keyword arguments bound to named
 * parameters with defaults, optional `*args`/`**kwargs`, and CPython's error
 * messages when a call does not fit.
 */
import { PyError, type Kwargs } from './values';

/** A parameter; without `default` it is required. */
export interface Param {
  readonly name: string;
  readonly default?: unknown;
}

/** What {@link bindArgs} returns: one value per parameter, in order, and the surplus when allowed. */
export interface Bound {
  readonly values: unknown[];
  readonly varargs: unknown[];
  readonly varkw: Kwargs;
}

/** `s` with an `s` when `n` is not 1. */
function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * Bind a call's arguments to `params`, as CPython does.
 * @param fname the name messages show, e.g. `dict.get` or `range`
 * @param rest whether surplus positionals (`varargs`) or keywords (`varkw`) are collected rather than refused
 * @returns each parameter's value (its default when not given), and the surplus
 * @throws PyError TypeError with CPython's wording: `f() takes 2 positional arguments but 3 were given`,
 *   `f() got an unexpected keyword argument 'x'`, `f() got multiple values for argument 'x'`,
 *   `f() missing 1 required positional argument: 'x'`
 */
export function bindArgs(
  fname: string,
  params: readonly Param[],
  args: readonly unknown[],
  kwargs: Kwargs,
  rest: { varargs?: boolean; varkw?: boolean } = {},
): Bound {
  if (args.length > params.length && !rest.varargs) {
    const required = params.filter((p) => !('default' in p)).length;
    const takes = required === params.length ? plural(params.length, 'positional argument') : `from ${required} to ${params.length} positional arguments`;
    throw new PyError('TypeError', `${fname}() takes ${takes} but ${args.length} ${args.length === 1 ? 'was' : 'were'} given`);
  }
  const values: unknown[] = [];
  const given: boolean[] = [];
  params.forEach((p, i) => {
    given.push(i < args.length);
    values.push(i < args.length ? args[i] : p.default);
  });
  const varkw: Kwargs = new Map();
  for (const [key, value] of kwargs) {
    const i = params.findIndex((p) => p.name === key);
    if (i < 0) {
      if (!rest.varkw) throw new PyError('TypeError', `${fname}() got an unexpected keyword argument '${key}'`);
      varkw.set(key, value);
    } else if (given[i]) {
      throw new PyError('TypeError', `${fname}() got multiple values for argument '${key}'`);
    } else {
      given[i] = true;
      values[i] = value;
    }
  }
  const missing = params.filter((p, i) => !given[i] && !('default' in p)).map((p) => `'${p.name}'`);
  if (missing.length) {
    const names = missing.length === 1 ? missing[0] : `${missing.slice(0, -1).join(', ')} and ${missing[missing.length - 1]}`;
    throw new PyError('TypeError', `${fname}() missing ${plural(missing.length, 'required positional argument')}: ${names}`);
  }
  return { values, varargs: args.slice(params.length), varkw };
}
