/**
 * Waiting for a job's returns by polling the master's job cache over the local
 * client channel: each new return is handed over as it lands (only returns
 * after the last one seen are read), until every expected minion has
 * answered or the timeout passes. Then, as Salt's gather_job_timeout logic,
 * the minions still silent are asked with `saltutil.find_job` whether they
 * are running the job: those that are get another timeout period, and only
 * truly silent minions are reported as not returned.
 */
import type { ReturnRecord } from '@brine/core/protocol/v1/loads';
import type { LocalClient } from './client';

/** Where returns come from: the master's job cache, through the local client's `job_returns`. */
export type ReturnFeed = Pick<LocalClient, 'job_returns'>;

/** How often the cache is read, in milliseconds. */
export const POLL_MS = 10;

/** Options of {@link waitForJob}. */
export interface WaitOptions {
  /** Seconds to wait for returns before asking the silent minions. */
  timeout: number;
  /** Count the timeout from the last return rather than from the start (find_job's gathering). */
  idle?: boolean;
  /**
   * Ask `ids` whether they are running `jid`; resolves to those that are.
   * Omitted: no asking, the timeout is final.
   */
  findJob?: (jid: string, ids: string[]) => Promise<string[]>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Poll `feed` for returns of `jid` from `expected` minions.
 * @param onReturn called once per minion, in the order the returns landed
 * @returns the expected minions that did not return
 * @throws SaltClientError when the master stops answering
 */
export async function waitForJob(feed: ReturnFeed, jid: string, expected: string[], opts: WaitOptions, onReturn: (ret: ReturnRecord) => void): Promise<string[]> {
  const missing = new Set(expected);
  const seen = new Set<string>();
  let cursor: string | undefined;
  let deadline = Date.now() + opts.timeout * 1000;
  const poll = async () => {
    const next = await feed.job_returns({ jid, ...(cursor === undefined ? {} : { after: cursor }) });
    cursor = next.cursor;
    for (const ret of next.returns) {
      if (seen.has(ret.id)) continue;
      seen.add(ret.id);
      if (missing.delete(ret.id) || expected.length === 0) {
        onReturn(ret);
        if (opts.idle) deadline = Date.now() + opts.timeout * 1000;
      }
    }
  };
  for (;;) {
    await poll();
    if (missing.size === 0) return [];
    if (Date.now() >= deadline) {
      if (!opts.findJob) return [...missing];
      const running = await opts.findJob(jid, [...missing]);
      await poll();
      if (running.filter((id) => missing.has(id)).length === 0) return [...missing];
      deadline = Date.now() + opts.timeout * 1000;
    }
    await sleep(POLL_MS);
  }
}
