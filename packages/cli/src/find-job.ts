/**
 * Salt's find_job check: publish `saltutil.find_job JID` to the silent
 * minions and collect those that report they are still running the job.
 * Answers are gathered until gather_job_timeout passes without a new one
 * (not from the start), so a busy fleet whose answers trickle in is heard
 * out, while minions that are gone cost one gather_job_timeout.
 *
 * A {@link SilentMinions} also remembers who said they were running, to
 * tell, for each minion that never returned, why: not connected, no
 * response, or still running when it fell silent.
 */
import type { LocalClient } from './client';
import { waitForJob } from './job-wait';
import type { Silence } from './output/not-returned';

/** The local client calls find_job and the report need. */
export type FindJobClient = Pick<LocalClient, 'publish' | 'job_returns' | 'present'>;

/** find_job asking and the reasons of silent minions, for one salt CLI run. */
export class SilentMinions {
  private readonly running = new Set<string>();

  /**
   * @param gatherTimeout seconds without a new find_job answer before the others are given up (gather_job_timeout)
   * @param user who publishes find_job
   */
  constructor(
    private readonly client: FindJobClient,
    private readonly gatherTimeout: number,
    private readonly user: string,
  ) {}

  /**
   * Ask `ids` whether they are running `jid` (a `findJob` for waitForJob).
   * @returns the minions that are
   */
  readonly findJob = async (jid: string, ids: string[]): Promise<string[]> => {
    const { client, gatherTimeout, user } = this;
    const { jid: findJid, minions } = await client.publish({ tgt: ids, tgt_type: 'list', fun: 'saltutil.find_job', arg: [jid], kwarg: {}, user, to: gatherTimeout });
    if (!findJid) return [];
    const running: string[] = [];
    await waitForJob(client, findJid, minions, { timeout: gatherTimeout, idle: true }, (ret) => {
      const r = ret.return as { jid?: unknown } | null;
      if (r && typeof r === 'object' && r.jid === jid) running.push(ret.id);
    });
    for (const id of running) this.running.add(id);
    return running;
  };

  /**
   * Why each of `ids` did not return: `Not connected` when presence detection (the master's `present`)
   * does not see it on the publish port, `Still running` when it last said it was running the job,
   * `No response` otherwise.
   * @returns the reasons, in the order of `ids`
   */
  async why(ids: string[]): Promise<Array<[id: string, why: Silence]>> {
    if (ids.length === 0) return [];
    const present = new Set(await this.client.present({}));
    return ids.map((id) => [id, !present.has(id) ? 'Not connected' : this.running.has(id) ? 'Still running' : 'No response']);
  }
}
