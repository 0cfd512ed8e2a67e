/**
 * Salt's find_job check: publish `saltutil.find_job JID` to the silent
 * minions and collect, within gather_job_timeout, those that report they are
 * still running the job.
 */
import type { LocalClient } from './client';
import { waitForJob } from './job-wait';

/**
 * Build a `findJob` for {@link waitForJob}.
 * @param gatherTimeout seconds to wait for find_job answers (gather_job_timeout)
 */
export function findJobWith(client: Pick<LocalClient, 'publish' | 'job_returns'>, gatherTimeout: number, user: string) {
  return async (jid: string, ids: string[]): Promise<string[]> => {
    const { jid: findJid, minions } = await client.publish({ tgt: ids, tgt_type: 'list', fun: 'saltutil.find_job', arg: [jid], kwarg: {}, user, to: gatherTimeout });
    if (!findJid) return [];
    const running: string[] = [];
    await waitForJob(client, findJid, minions, { timeout: gatherTimeout }, (ret) => {
      const r = ret.return as { jid?: unknown } | null;
      if (r && typeof r === 'object' && r.jid === jid) running.push(ret.id);
    });
    return running;
  };
}
