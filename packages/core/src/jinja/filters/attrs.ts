/**
 * Jinja's attribute getters (jinja2/filters.py make_attrgetter,
 * make_multi_attrgetter): how `map(attribute=)`, `sort(attribute=)`,
 * `groupby`, `sum(attribute=)`, `join(attribute=)` and `selectattr` read
 * `"address.city"` or `"0"` from each item.
 */
import { Undefined } from '../runtime/values';
import type { FilterContext } from './types';

/** A function from an item to the value a filter works on. */
export type Getter = (item: unknown) => unknown;

/** Jinja's ignore_case: a str lowercased, anything else as it is. */
export function ignoreCase(value: unknown): unknown {
  return typeof value === 'string' ? value.toLowerCase() : value;
}

/** Jinja's _prepare_attribute_parts: `"a.0.b"` → `['a', 0, 'b']`; an int stays one part; None gives none. */
function attributeParts(attribute: unknown): unknown[] {
  if (attribute === null || attribute === undefined) return [];
  if (typeof attribute === 'string') return attribute.split('.').map((x) => (/^[0-9]+$/.test(x) ? Number(x) : x));
  return [attribute];
}

/**
 * Jinja's make_attrgetter: each part read with `ctx.getitem`; when `fallback`
 * is not None an Undefined along the way becomes `fallback`; `postprocess`
 * (e.g. {@link ignoreCase}) applies last.
 */
export function attrGetter(ctx: FilterContext, attribute: unknown, postprocess?: Getter, fallback: unknown = null): Getter {
  const parts = attributeParts(attribute);
  return (item) => {
    for (const part of parts) {
      item = ctx.getitem(item, part);
      if (fallback !== null && fallback !== undefined && item instanceof Undefined) item = fallback;
    }
    return postprocess ? postprocess(item) : item;
  };
}

/**
 * Jinja's make_multi_attrgetter (sort's key): `"age,name"` reads several
 * attributes and gives them as a list, compared element-wise.
 */
export function multiAttrGetter(ctx: FilterContext, attribute: unknown, postprocess?: Getter): Getter {
  const getters = (typeof attribute === 'string' ? attribute.split(',') : [attribute]).map((a) => attrGetter(ctx, a, postprocess));
  return (item) => getters.map((g) => g(item));
}
