/** Run one function on every accepted minion and collect the answers that arrive within the timeout (for runners). */
import type { ReturnRecord } from '@brine/core/protocol/v1/loads';
import { withLocalClient } from '../../client';
import { waitForJob } from '../../job-wait';
import type { RunnerContext } from '../define';

/**
 * Publish `fun` to all accepted minions ('*') and wait `ctx.timeout` seconds.
 * @returns each answering minion's return record, by id
 */
export async function gather(ctx: RunnerContext, fun: string, arg: unknown[] = []): Promise<Map<string, ReturnRecord>> {
  const answers = new Map<string, ReturnRecord>();
  await withLocalClient(ctx.config, async (client) => {
    const published = await client.publish({ tgt: '*', tgt_type: 'glob', fun, arg, kwarg: {}, user: process.env.USER ?? 'root' });
    if (published.jid) await waitForJob(client, published.jid, published.minions, { timeout: ctx.timeout }, (r) => answers.set(r.id, r));
  });
  return answers;
}
