/**
 * Nested lookups with delimited keys (`ip4_interfaces:eth0`), as Salt's
 * `salt.utils.data.traverse_dict_and_list`, shared by grains.get, pillar.get
 * and config.get.
 */

/** True for a plain mapping (not null, not a list). */
export function isDict(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Look up `key` in nested data: each `delimiter`-separated part indexes a dict
 * by name, or a list by position (or, failing that, the first dict in the
 * list that has that name).
 * @returns the value found, or `fallback` when any part is missing
 */
export function traverse(data: unknown, key: string, fallback: unknown, delimiter = ':'): unknown {
  let node = data;
  for (const part of key.split(delimiter)) {
    if (Array.isArray(node)) {
      const index = /^-?\d+$/.test(part) ? Number(part) : NaN;
      node = Number.isNaN(index) ? node.find((el): el is Record<string, unknown> => isDict(el) && Object.hasOwn(el, part))?.[part] : node.at(index);
    } else {
      node = isDict(node) && Object.hasOwn(node, part) ? node[part] : undefined;
    }
    if (node === undefined) return fallback;
  }
  return node;
}
