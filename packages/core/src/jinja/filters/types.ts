/**
 * The contract between the evaluator and the filters and tests: what a
 * filter or test receives, and the engine services it may call back into
 * (other filters and tests by name, attribute and item lookup), so `map`,
 * `select`, `selectattr`, `sort(attribute=)` and `groupby` behave as Jinja's.
 */
import type { Kwargs } from '../runtime/values';

/** Engine services a filter or test may use. */
export interface FilterContext {
  /** The filter registered under `name`, or undefined. */
  filter(name: string): FilterFn | undefined;
  /** The test registered under `name`, or undefined. */
  test(name: string): TestFn | undefined;
  /** Jinja's `getattr(obj, name)`: the attribute, then the item; an Undefined when neither exists. */
  getattr(obj: unknown, name: string): unknown;
  /** Jinja's `getitem(obj, key)`: the item, then the attribute; an Undefined when neither exists. */
  getitem(obj: unknown, key: unknown): unknown;
}

/**
 * A filter: `value | name(args, kwargs)`. It may be async (Salt's filters that
 * call execution functions); the evaluator awaits it.
 * @throws PyError for bad arguments, with Python's message
 */
export type FilterFn = (ctx: FilterContext, value: unknown, args: unknown[], kwargs: Kwargs) => unknown;

/** A test: `value is name(args)`; returns a boolean. */
export type TestFn = (ctx: FilterContext, value: unknown, args: unknown[], kwargs: Kwargs) => boolean;
