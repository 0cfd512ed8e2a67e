/**
 * Salt's find_job check, as the salt CLI uses it: publish `saltutil.find_job
 * JID` to the silent minions (job-wait.ts gathers the answers), and remember
 * who last said they were running the job, to tell, for each minion that never
 * returned, why: not connected, no response, or still running when it fell
 * silent.
 */
import { AuthorizationError } from '@brine/core/errors';
import type { LocalClient } from './client';
import type { FindJob } from './job-wait';
import type { Silence } from './output/not-returned';

/** The local client calls find_job and the report need. */
export type FindJobClient = Pick<LocalClient, 'publish' | 'present'>;

/** find_job asking and the reasons of silent minions, for one salt CLI run. */
export class SilentMinions {
  private readonly said = new Set<string>();
  /** The {@link FindJob} to give waitForJob. */
  readonly findJob: FindJob;

  /**
   * @param gatherTimeout seconds without progress before silent minions are given up (gather_job_timeout)
   * @param user who publishes find_job
   */
  constructor(
    private readonly client: FindJobClient,
    gatherTimeout: number,
    user: string,
  ) {
    this.findJob = {
      gather: gatherTimeout,
      ask: async (jid, ids) =>
        (await client.publish({ tgt: ids, tgt_type: 'list', fun: 'saltutil.find_job', arg: [jid], kwarg: {}, user, to: gatherTimeout })).jid,
      answered: (running, notRunning) => {
        for (const id of running) this.said.add(id);
        for (const id of notRunning) this.said.delete(id);
      },
    };
  }

  /**
   * Why each of `ids` did not return: `Not connected` when presence detection (the master's `present`)
   * does not see it on the publish port, `Still running` when it last said it was running the job,
   * `No response` otherwise. For a user publisher_acl does not allow the presence runner (manage.present), no
   * minion is reported not connected.
   * @returns the reasons, in the order of `ids`
   */
  async why(ids: string[]): Promise<Array<[id: string, why: Silence]>> {
    if (ids.length === 0) return [];
    const present = await this.client.present({}).then(
      (list) => new Set(list),
      (err: unknown) => {
        if (err instanceof AuthorizationError) return undefined;
        throw err;
      },
    );
    return ids.map((id) => [id, present && !present.has(id) ? 'Not connected' : this.said.has(id) ? 'Still running' : 'No response']);
  }
}
