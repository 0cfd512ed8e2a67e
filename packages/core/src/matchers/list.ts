/** List matching (Salt's `-L`): a comma-separated string or a list of exact minion ids. */

/** The ids a list target names: `'a,b'` or `['a','b']`, trimmed, empties dropped. */
export function listIds(tgt: string | string[]): string[] {
  const items = Array.isArray(tgt) ? tgt : tgt.split(',');
  return items.map((s) => s.trim()).filter((s) => s !== '');
}

/** True when `id` is one of the listed ids. */
export function listMatch(tgt: string | string[], id: string): boolean {
  return listIds(tgt).includes(id);
}
