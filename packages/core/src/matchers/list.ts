/** List matching (Salt's `-L` / `L@`): a comma-separated string or a list of exact minion ids. */
import type { TargetLeaf } from './tree';

/** The ids a list target names: `'a,b'` or `['a','b']`, trimmed, empties dropped. */
function listIds(tgt: string | string[]): string[] {
  const items = Array.isArray(tgt) ? tgt : tgt.split(',');
  return items.map((s) => s.trim()).filter((s) => s !== '');
}

/** The leaf for a list target: the minion id is one of the listed ids. */
export function listLeaf(tgt: string | string[]): TargetLeaf {
  const ids = new Set(listIds(tgt));
  return { op: 'leaf', needsData: false, test: (me) => ids.has(me.id) };
}
