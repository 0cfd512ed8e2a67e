/**
 * Waiting for a job's returns by polling the job cache, as the salt CLI does:
 * each new return is handed over as it lands, until every expected minion has
 * answered or the timeout passes.
 */
import type { JobCache, ReturnRecord } from '@brine/master/job-cache';

/** How often the cache is read, in milliseconds. */
export const POLL_MS = 10;

/**
 * Poll `cache` for returns of `jid`.
 * @param expected minion ids to wait for
 * @param timeout seconds to wait at most
 * @param onReturn called once per new return, in arrival order
 * @returns the expected minions that did not return in time
 */
export async function waitForReturns(
  cache: JobCache,
  jid: string,
  expected: string[],
  timeout: number,
  onReturn: (ret: ReturnRecord) => void,
): Promise<string[]> {
  const missing = new Set(expected);
  const seen = new Set<string>();
  const deadline = Date.now() + timeout * 1000;
  for (;;) {
    for (const ret of cache.newReturns(jid, seen)) {
      seen.add(ret.id);
      missing.delete(ret.id);
      onReturn(ret);
    }
    if (missing.size === 0 || Date.now() >= deadline) return [...missing];
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}
