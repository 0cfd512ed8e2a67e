/** Python's `sorted(items, key=..., reverse=...)`: stable, by Python's `<` (the sort filters, list.sort, dictsort...). */
import { pyCompare } from '../runtime/values';

/**
 * The items in Python's order of their keys; equal keys keep their order,
 * also when `reverse`.
 * @throws PyError TypeError `'<' not supported between instances of 'str' and 'int'` for keys Python cannot order
 */
export function pySorted(items: readonly unknown[], key: (item: unknown) => unknown = (x) => x, reverse = false): unknown[] {
  const decorated = items.map((item) => ({ item, key: key(item) }));
  decorated.sort((a, b) => (reverse ? pyCompare(b.key, a.key) : pyCompare(a.key, b.key)));
  return decorated.map((d) => d.item);
}
