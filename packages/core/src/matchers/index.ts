/**
 * Target matching, dispatching on Salt's tgt_type. Each target type lives in
 * its own file and compiles to a tree (tree.ts); this maps the names to them.
 * The minion matches itself with matchTarget, the CLI refuses a malformed
 * target with checkTarget, and the master compiles once and evaluates the
 * tree per minion (ck-minions.ts).
 */
import { TargetError } from '../errors';
import type { TargetType } from '../protocol/v1/loads';
import { compileCompound } from './compound';
import { globLeaf } from './glob';
import { grainPcreLeaf } from './grain-pcre';
import { grainLeaf } from './grain';
import { ipcidrLeaf } from './ipcidr';
import { listLeaf } from './list';
import { nodegroupExpression, type Nodegroups } from './nodegroup';
import { pcreLeaf } from './pcre';
import { pillarPcreLeaf } from './pillar-pcre';
import { pillarLeaf } from './pillar';
import { evaluate, type MinionFacts, type TargetNode } from './tree';

export type { MinionFacts } from './tree';

/** Options of a target: `delimiter` for grain and pillar targets (Salt's `--delimiter`, default ':'), and the master's `nodegroups`. */
export interface TargetOptions {
  delimiter?: string;
  nodegroups?: Nodegroups;
}

type Compiler = (tgt: string, opts: TargetOptions) => TargetNode;

/** Target types whose target is one string. */
const SCALAR: Record<Exclude<TargetType, 'list' | 'compound'>, Compiler> = {
  glob: (t) => globLeaf(t),
  pcre: (t) => pcreLeaf(t),
  grain: (t, o) => grainLeaf(t, o.delimiter),
  grain_pcre: (t, o) => grainPcreLeaf(t, o.delimiter),
  pillar: (t, o) => pillarLeaf(t, o.delimiter),
  pillar_pcre: (t, o) => pillarPcreLeaf(t, o.delimiter),
  ipcidr: (t) => ipcidrLeaf(t),
  nodegroup: (t, o) => compileCompound(nodegroupExpression(t), o.nodegroups),
};

/**
 * Compile a target to its tree, validating it: regular expressions compile,
 * addresses parse, compound expressions parse and nodegroups expand.
 * @param tgt a string; a list too for `list` and `compound` (a list of words)
 * @throws TargetError for an unsupported type, a list where one string is due, or a malformed target
 */
export function compileTarget(tgt: string | string[], tgtType: TargetType, opts: TargetOptions = {}): TargetNode {
  if (tgtType === 'list') return listLeaf(tgt);
  if (tgtType === 'compound') return compileCompound(tgt, opts.nodegroups);
  if (!Object.hasOwn(SCALAR, tgtType)) throw new TargetError(`Target type '${String(tgtType)}' is not supported`);
  if (typeof tgt !== 'string') throw new TargetError(`A ${tgtType} target is one string, not a list`);
  return SCALAR[tgtType](tgt, opts);
}

/**
 * Refuse a malformed target without matching anything (for the CLI, before publishing).
 * @throws TargetError saying what is wrong (and where, for compound targets)
 */
export function checkTarget(tgt: string | string[], tgtType: TargetType, opts: TargetOptions = {}): void {
  compileTarget(tgt, tgtType, opts);
}

/**
 * True when the target selects the minion described by `me`.
 * @throws TargetError for an unsupported target type or a malformed target
 */
export function matchTarget(tgt: string | string[], tgtType: TargetType, me: MinionFacts, opts: TargetOptions = {}): boolean {
  return evaluate(compileTarget(tgt, tgtType, opts), (leaf) => leaf.test(me)) === true;
}
