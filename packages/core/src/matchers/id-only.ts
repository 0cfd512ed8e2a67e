/**
 * Whether a compiled target decides on the minion id alone, or also on data
 * the minion reports about itself. Grains come from the minion (it can claim
 * any), and so do the addresses `-S` reads (the ipv4 / ipv6 grains); pillar
 * targets read pillar compiled from those grains. Only the id is bound to the
 * minion's accepted key. The master's `pillar_minion_id_only` uses this to
 * refuse pillar top entries a minion could steer into (or out of) by
 * forging its grains.
 */
import type { TargetNode } from './tree';

/**
 * True when some leaf of the target reads grains or pillar, wherever it sits:
 * under `not` as well, since a minion that controls a leaf's answer controls
 * its negation too. Glob, pcre and list leaves (plain words, `E@`, `L@`, and
 * nodegroups made of them) read only the id; grain, grain_pcre, pillar,
 * pillar_pcre and ipcidr leaves (`G@ P@ I@ J@ S@`) read minion-reported data.
 * @param node a tree from compileTarget (nodegroups already expanded)
 * @returns false only when the target depends on the minion id alone
 */
export function readsMinionData(node: TargetNode): boolean {
  if (node.op === 'leaf') return node.needsData;
  if (node.op === 'not') return readsMinionData(node.arg);
  return node.args.some(readsMinionData);
}
