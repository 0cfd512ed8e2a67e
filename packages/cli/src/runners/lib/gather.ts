/** Run one function on minions and collect the answers that arrive within the timeout (for runners). */
import type { ReturnRecord, Target } from '@brine/core/protocol/v1/loads';
import { callerUser, withLocalClient } from '../../client';
import { waitForJob } from '../../job-wait';
import type { RunnerContext } from '../define';

/** What to run, and where: every accepted minion ('*') unless `target` says otherwise. */
export interface GatherOptions {
  arg?: unknown[];
  kwarg?: Record<string, unknown>;
  target?: Target;
}

/**
 * Publish `fun` to the target's minions and wait `ctx.timeout` seconds.
 * @returns each answering minion's return record, by id, in the order they landed
 * @throws TargetError for a malformed target; SaltClientError when the master does not answer
 */
export async function gather(ctx: RunnerContext, fun: string, opts: GatherOptions = {}): Promise<Map<string, ReturnRecord>> {
  const answers = new Map<string, ReturnRecord>();
  const { tgt, tgt_type } = opts.target ?? { tgt: '*', tgt_type: 'glob' };
  await withLocalClient(ctx.config, async (client) => {
    const published = await client.publish({ tgt, tgt_type, fun, arg: opts.arg ?? [], kwarg: opts.kwarg ?? {}, user: callerUser() });
    if (published.jid) await waitForJob(client, published.jid, published.minions, { timeout: ctx.timeout }, (r) => answers.set(r.id, r));
  });
  return answers;
}
