/**
 * Salt's LocalClient.cmd for the CLIs that run a job and use its returns
 * (salt-cp): publish one job, wait for its returns (asking silent minions
 * with saltutil.find_job, as the salt CLI does), and hand back the returns
 * by minion id, in the order they landed. Minions that did not return are
 * left out, as Salt's cmd leaves them out.
 */
import type { PublishRequest } from '@brine/core/protocol/v1/loads';
import type { LocalClient } from './client';
import { SilentMinions } from './find-job';
import { waitForJob } from './job-wait';

/** How {@link localCmd} waits. */
export interface CmdOptions {
  /** Seconds to wait for returns before asking the silent minions (-t). */
  timeout: number;
  /** Seconds without progress before silent minions are given up (gather_job_timeout). */
  gather: number;
}

/**
 * Publish `job` and gather its returns.
 * @returns each returning minion's return, by id, in return order; empty when no minion matched
 * @throws SaltClientError when the master does not answer; what the master refuses (a malformed target)
 */
export async function localCmd(client: LocalClient, job: PublishRequest, opts: CmdOptions): Promise<Map<string, unknown>> {
  const returns = new Map<string, unknown>();
  const { jid, minions } = await client.publish({ ...job, to: opts.timeout });
  if (jid === null) return returns;
  const silent = new SilentMinions(client, opts.gather, job.user);
  await waitForJob(client, jid, minions, { timeout: opts.timeout, findJob: silent.findJob }, (ret) => returns.set(ret.id, ret.return));
  return returns;
}
