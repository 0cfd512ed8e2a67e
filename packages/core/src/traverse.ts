/**
 * Nested lookups with delimited keys (`ip4_interfaces:eth0`), as Salt's
 * `salt.utils.data.traverse_dict_and_list`, shared by grains.get, pillar.get
 * and config.get.
 */
import { SaltInvocationError } from './errors';
import { isDict } from './python';

/**
 * Set `obj[key] = value` as an own data property, whatever the key. Plain assignment of `__proto__` calls
 * Object.prototype's setter instead: the object's prototype is swapped and the key vanishes. Salt's dicts hold
 * any key, `__proto__` included, so data from users is written with this.
 */
export function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
}

/** True for a plain mapping whose values are all strings (`{name: version}`). */
export function isStringMap(v: unknown): v is Record<string, string> {
  return isDict(v) && Object.values(v).every((x) => typeof x === 'string');
}

/**
 * Walk `parts` into nested data, as Salt's `traverse_dict_and_list`: each part
 * indexes a dict by name; in a list, the first dict holding that name wins,
 * else a numeric part is a position (negative counts from the end).
 * @returns the value found, or undefined when the path does not exist
 */
export function traversePath(data: unknown, parts: string[]): unknown {
  let node = data;
  for (const part of parts) {
    if (Array.isArray(node)) {
      const holder = node.find((el): el is Record<string, unknown> => isDict(el) && Object.hasOwn(el, part));
      if (holder) node = holder[part];
      else if (/^-?\d+$/.test(part)) node = node.at(Number(part));
      else return undefined;
    } else if (isDict(node) && Object.hasOwn(node, part)) node = node[part];
    else return undefined;
  }
  return node;
}

/**
 * Look up a `delimiter`-separated `key` in nested data (see {@link traversePath}).
 * @returns the value found, or `fallback` when any part is missing
 * @throws SaltInvocationError for an empty delimiter (Salt fails there too, with
 *   Python's "empty separator"; grains.set/append/remove would otherwise never
 *   finish splitting the key)
 */
export function traverse(data: unknown, key: string, fallback: unknown, delimiter = ':'): unknown {
  if (delimiter === '') throw new SaltInvocationError('empty separator: the delimiter must be at least one character');
  const v = traversePath(data, key.split(delimiter));
  return v === undefined ? fallback : v;
}
