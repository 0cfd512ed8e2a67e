/**
 * Target matching on a minion, dispatching on Salt's tgt_type. Each target
 * type lives in its own file; this maps the names to them.
 */
import { TargetError } from '../errors';
import type { TargetType } from '../protocol/messages';
import { globMatch } from './glob';
import { listMatch } from './list';
import { pcreMatch } from './pcre';

/** What a minion knows of itself when matching a target. */
export interface MinionFacts {
  id: string;
  grains: Record<string, unknown>;
  pillar: Record<string, unknown>;
}

/** The target types this build matches. */
export const TARGET_TYPES: readonly TargetType[] = ['glob', 'pcre', 'list'];

/**
 * True when the target selects this minion.
 * @throws TargetError for an unsupported target type or a malformed expression
 */
export function matchTarget(tgt: string | string[], tgtType: TargetType, me: MinionFacts): boolean {
  switch (tgtType) {
    case 'glob':
      return typeof tgt === 'string' && globMatch(tgt, me.id);
    case 'pcre':
      return typeof tgt === 'string' && pcreMatch(tgt, me.id);
    case 'list':
      return listMatch(tgt, me.id);
    default:
      throw new TargetError(`Target type '${tgtType}' is not supported`);
  }
}
