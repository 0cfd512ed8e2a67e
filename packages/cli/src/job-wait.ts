/**
 * Waiting for a job's returns by polling the job cache, as the salt CLI does:
 * each new return is handed over as it lands, until every expected minion has
 * answered or the timeout passes. Then, as Salt's gather_job_timeout logic,
 * the minions still silent are asked with `saltutil.find_job` whether they
 * are running the job: those that are get another timeout period, and only
 * truly silent minions are reported as not returned.
 */
import type { JobCache, ReturnRecord } from '@brine/master/job-cache';

/** How often the cache is read, in milliseconds. */
export const POLL_MS = 10;

/** Options of {@link waitForJob}. */
export interface WaitOptions {
  /** Seconds to wait for returns before asking the silent minions. */
  timeout: number;
  /**
   * Ask `ids` whether they are running `jid`; resolves to those that are.
   * Omitted: no asking, the timeout is final.
   */
  findJob?: (jid: string, ids: string[]) => Promise<string[]>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Poll `cache` for returns of `jid` from `expected` minions.
 * @param onReturn called once per new return, as polls find them (within one poll, in minion id order)
 * @returns the expected minions that did not return
 */
export async function waitForJob(cache: JobCache, jid: string, expected: string[], opts: WaitOptions, onReturn: (ret: ReturnRecord) => void): Promise<string[]> {
  const missing = new Set(expected);
  const seen = new Set<string>();
  const poll = () => {
    for (const ret of cache.newReturns(jid, seen)) {
      seen.add(ret.id);
      if (missing.delete(ret.id) || expected.length === 0) onReturn(ret);
    }
  };
  let deadline = Date.now() + opts.timeout * 1000;
  for (;;) {
    poll();
    if (missing.size === 0) return [];
    if (Date.now() >= deadline) {
      if (!opts.findJob) return [...missing];
      const running = await opts.findJob(jid, [...missing]);
      poll();
      if (running.filter((id) => missing.has(id)).length === 0) return [...missing];
      deadline = Date.now() + opts.timeout * 1000;
    }
    await sleep(POLL_MS);
  }
}
