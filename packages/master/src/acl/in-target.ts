/**
 * Which minions lie inside a target expression, as the judges of the local
 * channel ask it: publisher_acl's `{target: [functions]}` entries (Salt's
 * validate_tgt) and the target constraints of policies. A judge compares the
 * set with the minions a command resolved to, never with the text of its
 * target (CVE-2021-22941 class).
 */
import type { Nodegroups } from '@brine/core/matchers/nodegroup';
import type { MinionFacts } from '@brine/core/matchers/index';
import { expectedMinions } from '../ck-minions';

/**
 * The accepted minions a compound expression selects (nodegroups allowed).
 * @throws TargetError for a malformed expression (a judge then fails closed)
 */
export type InTarget = (compound: string) => Set<string>;

/**
 * The master's {@link InTarget}: `compound` judged on the accepted minions' cached grains and pillar. Unlike Salt's
 * check_minions (greedy), a minion whose facts the master has not cached is not inside a target that tests grains
 * or pillar: an allowed set holds only minions known to be in it.
 * @param accepted the accepted minion ids now
 * @param facts the cached grains and pillar of a minion, or undefined
 * @param nodegroups the master's nodegroups (N@ in a target)
 */
export function inTargetOf(accepted: () => string[], facts: (id: string) => MinionFacts | undefined, nodegroups: Nodegroups): InTarget {
  return (compound) => new Set(expectedMinions(compound, 'compound', accepted(), facts, { nodegroups }, false));
}
