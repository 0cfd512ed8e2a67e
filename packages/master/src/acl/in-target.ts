/**
 * Whether minions lie inside a target expression, as the judges of the local
 * channel ask it: publisher_acl's `{target: [functions]}` entries (Salt's
 * validate_tgt) and the target constraints of policies. The question is put
 * to the minions a command resolved to, never to the text of its target
 * (CVE-2021-22941 class).
 */
import type { Nodegroups } from '@brine/core/matchers/nodegroup';
import type { MinionFacts } from '@brine/core/matchers/index';
import { expectedMinions } from '../ck-minions';

/**
 * True when every one of `minions` is selected by the compound expression `target` (nodegroups allowed).
 * Never throws: a malformed target selects nothing.
 */
export type InTarget = (target: string, minions: string[]) => boolean;

/**
 * The master's {@link InTarget}: `target` is judged as a compound expression on the cached grains and pillar of
 * each minion. Unlike Salt's check_minions (greedy), a minion whose facts the master has not cached is not inside a
 * target that tests grains or pillar: an allowed set only holds minions known to be in it.
 * @param facts the cached grains and pillar of a minion, or undefined
 * @param nodegroups the master's nodegroups (N@ in a target)
 * @param onError told of a malformed target (for the log); the target then selects nothing
 */
export function inTargetOf(facts: (id: string) => MinionFacts | undefined, nodegroups: Nodegroups, onError: (target: string, err: unknown) => void): InTarget {
  return (target, minions) => {
    try {
      return expectedMinions(target, 'compound', minions, facts, { nodegroups }, false).length === minions.length;
    } catch (err) {
      onError(target, err);
      return false;
    }
  };
}
