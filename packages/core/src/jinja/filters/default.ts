/** Jinja2 3.1's `default` filter (alias `d`): what replaces an Undefined. */
import { Undefined, truthy } from '../runtime/values';
import { defineFilter, p } from './define';
import type { FilterFn } from './types';

/**
 * `default(value, default_value='', boolean=False)`: `default_value` when the
 * value is an Undefined (or false, when `boolean`), else the value.
 */
const defaultFilter = defineFilter('do_default', [p('value'), p('default_value', ''), p('boolean', false)], (_ctx, [value, fallback, boolean]) =>
  value instanceof Undefined || (truthy(boolean) && !truthy(value)) ? fallback : value,
);

/** `default` and its alias `d`. */
export const DEFAULT_FILTERS: ReadonlyArray<[string, FilterFn]> = [
  ['default', defaultFilter],
  ['d', defaultFilter],
];
