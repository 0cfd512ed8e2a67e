/**
 * Waiting for a job's returns by polling the master's job cache over the local
 * client channel: each new return is handed over as it lands (only returns
 * after the last one seen are read), until every expected minion has
 * answered or the timeout passes. Then, as Salt's gather_job_timeout logic,
 * the minions still silent are asked with `saltutil.find_job` whether they
 * are running the job: those that are get another timeout period, and only
 * truly silent minions are reported as not returned.
 *
 * Unlike Salt, the find_job answers are gathered until gather_job_timeout
 * passes with no progress at all: no find_job answer and no return of the
 * job itself. A fleet too busy to answer find_job in time (its answers wait
 * behind the job's own work) is therefore not declared lost while its
 * returns keep landing, and a minion that is gone still costs one
 * gather_job_timeout once the others are done.
 */
import type { ReturnRecord } from '@brine/core/protocol/v1/loads';
import type { LocalClient } from './client';

/** Where returns come from: the master's job cache, through the local client's `job_returns`. */
export type ReturnFeed = Pick<LocalClient, 'job_returns'>;

/** How often the cache is read, in milliseconds. */
export const POLL_MS = 10;

/** How {@link waitForJob} asks silent minions whether they still run the job (Salt's find_job). */
export interface FindJob {
  /** Publish `saltutil.find_job JID` to `ids`. @returns the find_job jid, or null when nothing was published */
  ask(jid: string, ids: string[]): Promise<string | null>;
  /** Seconds without progress before the silent minions are given up (gather_job_timeout). */
  gather: number;
  /** Told after each round which minions answered that they run the job, and which that they do not. */
  answered?(running: string[], notRunning: string[]): void;
}

/** Options of {@link waitForJob}. */
export interface WaitOptions {
  /** Seconds to wait for returns before asking the silent minions. */
  timeout: number;
  /** How to ask the silent minions; omitted, the timeout is final. */
  findJob?: FindJob;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** True when a find_job return says its minion is running job `jid`. */
function saysRunning(ret: ReturnRecord, jid: string): boolean {
  const r = ret.return as { jid?: unknown } | null;
  return r !== null && typeof r === 'object' && r.jid === jid;
}

/** Reads one job's returns as they land, each minion's once. */
class ReturnReader {
  private cursor?: string;
  private readonly seen = new Set<string>();

  constructor(
    private readonly feed: ReturnFeed,
    private readonly jid: string,
  ) {}

  /** The returns that landed since the last call, one per minion. */
  async next(): Promise<ReturnRecord[]> {
    const page = await this.feed.job_returns({ jid: this.jid, ...(this.cursor === undefined ? {} : { after: this.cursor }) });
    this.cursor = page.cursor;
    return page.returns.filter((r) => !this.seen.has(r.id) && this.seen.add(r.id));
  }
}

/**
 * Poll `feed` for returns of `jid` from `expected` minions.
 * @param onReturn called once per minion, in the order the returns landed
 * @returns the expected minions that did not return
 * @throws SaltClientError when the master stops answering
 */
export async function waitForJob(feed: ReturnFeed, jid: string, expected: string[], opts: WaitOptions, onReturn: (ret: ReturnRecord) => void): Promise<string[]> {
  const missing = new Set(expected);
  const reader = new ReturnReader(feed, jid);
  /** Read new returns; @returns whether any expected one landed */
  const poll = async (): Promise<boolean> => {
    let landed = false;
    for (const ret of await reader.next()) {
      if (missing.delete(ret.id) || expected.length === 0) {
        onReturn(ret);
        landed = true;
      }
    }
    return landed;
  };
  let deadline = Date.now() + opts.timeout * 1000;
  for (;;) {
    await poll();
    if (missing.size === 0) return [];
    if (Date.now() >= deadline) {
      const find = opts.findJob;
      if (!find) return [...missing];
      const running = await gather(feed, find, jid, [...missing], poll, () => missing.size === 0);
      if (missing.size === 0) return [];
      if (!running.some((id) => missing.has(id))) return [...missing];
      deadline = Date.now() + opts.timeout * 1000;
    }
    await sleep(POLL_MS);
  }
}

/**
 * One find_job round: ask `ids`, then read their answers, and the job's own returns through `poll`, until
 * every one answered, every expected minion returned, or gather_job_timeout passes with neither an answer
 * nor a return.
 * @returns the minions that answered they are running `jid`
 */
async function gather(feed: ReturnFeed, find: FindJob, jid: string, ids: string[], poll: () => Promise<boolean>, allReturned: () => boolean): Promise<string[]> {
  const findJid = await find.ask(jid, ids);
  if (!findJid) return [];
  const answers = new ReturnReader(feed, findJid);
  const silent = new Set(ids);
  const running: string[] = [];
  const notRunning: string[] = [];
  let lastProgress = Date.now();
  for (;;) {
    if (await poll()) lastProgress = Date.now();
    for (const ret of await answers.next()) {
      if (!silent.delete(ret.id)) continue;
      lastProgress = Date.now();
      (saysRunning(ret, jid) ? running : notRunning).push(ret.id);
    }
    if (allReturned() || silent.size === 0 || Date.now() - lastProgress >= find.gather * 1000) break;
    await sleep(POLL_MS);
  }
  // A minion that answered "not running" may have returned meanwhile.
  await poll();
  find.answered?.(running, notRunning);
  return running;
}
