/**
 * How a filter or test is declared: the Python function's name and
 * parameters (the value first), so a call binds exactly as CPython binds it
 * and refuses with CPython's messages (`do_int() got an unexpected keyword
 * argument 'x'`).
 */
import { bindArgs, type Bound, type Param } from '../runtime/signature';
import type { Kwargs } from '../runtime/values';
import type { FilterContext, FilterFn, TestFn } from './types';

/** A filter's body: the bound parameter values, the value first. */
export type FilterBody = (ctx: FilterContext, values: unknown[], bound: Bound) => unknown;

/** How a filter is declared beyond its parameters. */
export interface FilterOptions {
  /** Whether the function takes `*args` / `**kwargs`. */
  readonly varargs?: boolean;
  readonly varkw?: boolean;
  /**
   * The name of the engine parameter Jinja passes first (`environment`,
   * `eval_ctx` or `context` for `@pass_environment`...), so argument counts
   * and names in messages are CPython's.
   */
  readonly passes?: 'environment' | 'env' | 'eval_ctx' | 'context';
}

/** The value bound to a `passes` parameter: never seen by the body. */
const ENGINE: unique symbol = Symbol('engine');

/**
 * A {@link FilterFn} for the Python function `fname(params...)`; the value is
 * the first parameter (after the engine parameter when `options.passes`),
 * the filter's arguments follow.
 * @throws PyError TypeError from {@link bindArgs} when a call does not fit
 */
export function defineFilter(fname: string, params: readonly Param[], body: FilterBody, options: FilterOptions = {}): FilterFn {
  const all = options.passes ? [{ name: options.passes }, ...params] : params;
  return (ctx: FilterContext, value: unknown, args: unknown[], kwargs: Kwargs) => {
    const bound = bindArgs(fname, all, options.passes ? [ENGINE, value, ...args] : [value, ...args], kwargs, options);
    return body(ctx, options.passes ? bound.values.slice(1) : bound.values, bound);
  };
}

/** A {@link TestFn} for the Python function `fname(params...)`, as {@link defineFilter}. */
export function defineTest(fname: string, params: readonly Param[], body: (ctx: FilterContext, values: unknown[]) => boolean): TestFn {
  return (ctx: FilterContext, value: unknown, args: unknown[], kwargs: Kwargs) =>
    body(ctx, bindArgs(fname, params, [value, ...args], kwargs).values);
}

/** Parameters by name: `p('value')` is required, `p('base', 10)` has a default. */
export function p(name: string, ...fallback: [unknown?]): Param {
  return fallback.length ? { name, default: fallback[0] } : { name };
}
