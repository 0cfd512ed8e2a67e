/**
 * The minions the master expects to answer a target (Salt's CkMinions): the
 * accepted keys the target selects. Ids match on the master exactly as on the
 * minion, since both use the same matchers.
 */
import { matchTarget } from '@brine/core/matchers/index';
import type { TargetType } from '@brine/core/protocol/messages';

/**
 * Accepted minion ids selected by the target, sorted.
 * @param accepted the accepted minion ids
 * @throws TargetError for a malformed target
 */
export function expectedMinions(tgt: string | string[], tgtType: TargetType, accepted: string[]): string[] {
  return accepted.filter((id) => matchTarget(tgt, tgtType, { id, grains: {}, pillar: {} }));
}
