/**
 * The `cache` runner, as Salt's: the grains, pillar and mine data the master
 * caches per minion (its minion data cache), read over the local client
 * channel since only the master opens the cache. Nothing is sent to minions.
 */
import { SaltInvocationError } from '@brine/core/errors';
import { TARGET_TYPES, type TargetType } from '@brine/core/protocol/v1/constants';
import type { MinionCacheKind } from '@brine/core/protocol/v1/local-client';
import type { Target } from '@brine/core/protocol/v1/loads';
import { withLocalClient } from '../client';
import { defineRunner, defineRunnerFunction, type RunnerContext } from './define';

/**
 * The target of `tgt` and `tgt_type`, or undefined without `tgt`.
 * @throws SaltInvocationError for an unknown target type
 */
export function targetOf(tgt: string | undefined, tgtType: string): Target | undefined {
  if (!TARGET_TYPES.includes(tgtType as TargetType)) throw new SaltInvocationError(`Invalid tgt_type '${tgtType}': use one of ${TARGET_TYPES.join(', ')}`);
  return tgt === undefined ? undefined : { tgt, tgt_type: tgtType as TargetType };
}

/** The master's cached `kind` of the minions `tgt` selects (of all minions with some without `tgt`). */
function cached(ctx: RunnerContext, kind: MinionCacheKind, tgt: string | undefined, tgtType: string): Promise<Record<string, unknown>> {
  const target = targetOf(tgt, tgtType);
  return withLocalClient(ctx.config, (client) => client.minion_cache(target ? { kind, target } : { kind }));
}

const TGT_TYPE = {
  name: 'tgt_type',
  type: 'string',
  default: 'glob',
  doc: 'Target type: glob, pcre, list, grain, grain_pcre, pillar, pillar_pcre, ipcidr, nodegroup, compound.',
} as const;

export default defineRunner({
  name: 'cache',
  doc: "Read the grains, pillar and mine data the master caches for its minions, as Salt's cache runner.",
  functions: {
    grains: defineRunnerFunction({
      doc:
        'The cached grains of the targeted minions, {minion: grains}, as the minions last reported them (at start ' +
        'and on saltutil.refresh_grains / refresh_pillar). Minions without cached grains are absent. As Salt 3006, ' +
        '`tgt` is required.',
      example: "salt-run cache.grains tgt='*'",
      args: [{ name: 'tgt', type: 'string', required: true, doc: 'Target of the minions whose grains to show.' }, TGT_TYPE],
      run: (ctx, { tgt, tgt_type }) => cached(ctx, 'grains', tgt, tgt_type),
    }),
    pillar: defineRunnerFunction({
      doc:
        'The cached pillar of the targeted minions, {minion: pillar}, as last compiled for them; every minion with ' +
        'a cached, non-empty pillar without `tgt`.',
      example: "salt-run cache.pillar tgt='web*'",
      args: [{ name: 'tgt', type: 'string', doc: 'Target of the minions whose pillar to show. Default: all.' }, TGT_TYPE],
      run: (ctx, { tgt, tgt_type }) => cached(ctx, 'pillar', tgt, tgt_type),
    }),
    mine: defineRunnerFunction({
      doc:
        'The mine data of the targeted minions, {minion: {function: data}} (a targeted minion that sent none shows ' +
        "{}); every minion with mine data without `tgt`. Entries sent with allow_tgt show their ACL wrapping, as Salt's.",
      example: "salt-run cache.mine tgt='*'",
      args: [{ name: 'tgt', type: 'string', doc: 'Target of the minions whose mine data to show. Default: all.' }, TGT_TYPE],
      run: (ctx, { tgt, tgt_type }) => cached(ctx, 'mine', tgt, tgt_type),
    }),
  },
});
