/**
 * The compiled form of a target: leaves (one test each) joined by and / or /
 * not. Every target type compiles to this tree, so the minion and the master
 * evaluate all of them the same way. Evaluation uses Kleene's three-valued
 * logic so the master can reason about minions whose grains or pillar it has
 * not cached.
 */

/** What a minion knows of itself when matching a target. */
export interface MinionFacts {
  id: string;
  grains: Record<string, unknown>;
  pillar: Record<string, unknown>;
}

/**
 * One test against a minion. `needsData` is true when the test reads grains or
 * pillar, false when it reads only the minion id.
 */
export interface TargetLeaf {
  op: 'leaf';
  needsData: boolean;
  test(me: MinionFacts): boolean;
}

/** A compiled target: a leaf, an n-ary and / or, or a not. */
export type TargetNode = TargetLeaf | { op: 'and' | 'or'; args: TargetNode[] } | { op: 'not'; arg: TargetNode };

/** A three-valued truth: true, false, or null for "cannot tell". */
export type Tri = boolean | null;

/**
 * Evaluate a target tree, asking `leaf` for each leaf it needs (and / or stop
 * at the first deciding value). With leaves that never answer null this is
 * plain boolean logic; a null leaf makes `not` null, `and` null unless some
 * argument is false, and `or` null unless some argument is true.
 * @returns true, false, or null when the answer depends on unknown leaves
 */
export function evaluate(node: TargetNode, leaf: (l: TargetLeaf) => Tri): Tri {
  if (node.op === 'leaf') return leaf(node);
  if (node.op === 'not') {
    const v = evaluate(node.arg, leaf);
    return v === null ? null : !v;
  }
  const decisive = node.op === 'or';
  let out: Tri = !decisive;
  for (const arg of node.args) {
    const v = evaluate(arg, leaf);
    if (v === decisive) return decisive;
    if (v === null) out = null;
  }
  return out;
}
