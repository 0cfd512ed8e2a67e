/** Python's `sorted(items, key=..., reverse=...)`: stable, by Python's `<`. */
import { pyCompare } from '../runtime/values';
import type { Getter } from './attrs';

/**
 * The items in Python's order of their keys; equal keys keep their order,
 * also when `reverse`.
 * @throws PyError TypeError `'<' not supported between instances of 'str' and 'int'` for keys Python cannot order
 */
export function pySorted(items: readonly unknown[], key: Getter = (x) => x, reverse = false): unknown[] {
  const decorated = items.map((item) => ({ item, key: key(item) }));
  decorated.sort((a, b) => (reverse ? pyCompare(b.key, a.key) : pyCompare(a.key, b.key)));
  return decorated.map((d) => d.item);
}
