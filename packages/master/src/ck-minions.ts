/**
 * The minions the master expects to answer a target (Salt's CkMinions): the
 * accepted minions the target selects, judged from the grains and pillar the
 * master caches per minion, with the same matchers the minions use.
 */
import { TargetError } from '@brine/core/errors';
import { limitRegexTime } from '@brine/core/jinja/filters/regex-time-limit';
import { REGEX_TIMEOUT_MS } from '@brine/core/jinja/runtime/limits';
import { PyError } from '@brine/core/jinja/runtime/values';
import { compileTarget, type MinionFacts, type TargetOptions } from '@brine/core/matchers/index';
import { evaluate } from '@brine/core/matchers/tree';
import type { TargetType } from '@brine/core/protocol/v1/loads';

/**
 * Accepted minion ids selected by the target, in the order of `accepted`.
 * A minion whose facts are unknown is included unless the target excludes it
 * on its id alone (Salt's greedy fallback): each grain, pillar or ipcidr test
 * counts as "maybe" for it, and a compound target is evaluated in
 * three-valued logic (`not maybe` is maybe), so `web* and G@os:Debian` still
 * leaves out `db1`, while `not G@os:Debian` keeps an unknown minion.
 * @param accepted the accepted minion ids
 * @param facts the cached grains and pillar of a minion, or undefined when the master has none;
 *   called only for targets that test grains, pillar or addresses
 * @param opts `delimiter` for grain and pillar targets and the master's `nodegroups`
 * @param greedy false to leave out a minion the target selects only "maybe" (an access check's allowed set holds
 *   only minions known to be in it)
 * @throws TargetError for a malformed target, or one that takes more than {@link REGEX_TIMEOUT_MS} to compile and
 *   match over the accepted minions (a pattern like `(.*)*X` backtracks for hours on a 30-character id, a
 *   compound of a million terms compiles for seconds; any user who may publish sends targets, and this runs on the
 *   master's event loop)
 */
export function expectedMinions(
  tgt: string | string[],
  tgtType: TargetType,
  accepted: string[],
  facts: (id: string) => MinionFacts | undefined = () => undefined,
  opts: TargetOptions = {},
  greedy = true,
): string[] {
  const select = () => {
    const target = compileTarget(tgt, tgtType, opts);
    return accepted.filter((id) => {
      const idOnly: MinionFacts = { id, grains: {}, pillar: {} };
      // Facts are looked up only when a test reads grains or pillar, and once per minion.
      let known: MinionFacts | undefined | null = null;
      const selected = evaluate(target, (leaf) => {
        if (!leaf.needsData) return leaf.test(idOnly);
        if (known === null) known = facts(id);
        return known ? leaf.test(known) : null;
      });
      return greedy ? selected !== false : selected === true;
    });
  };
  try {
    return limitRegexTime(select);
  } catch (err) {
    if (!(err instanceof PyError && err.pyType === 'TimeoutError')) throw err;
    throw new TargetError(`The target took more than ${REGEX_TIMEOUT_MS} ms to match the accepted minions: it is too large, or a regular expression in it backtracks too much`);
  }
}
