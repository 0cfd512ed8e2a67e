/**
 * Waiting for a job's returns by polling the master's job cache over the local
 * client channel: each new return is handed over as it lands (only returns
 * after the last one seen are read), until every expected minion has
 * answered or the timeout passes. Then, as Salt's gather_job_timeout logic,
 * the minions still silent are asked with `saltutil.find_job` whether they
 * are running the job: those that are get another timeout period, and only
 * truly silent minions are reported as not returned.
 *
 * Each read is a long poll (`job_returns` with `wait`): the master holds it
 * until a return of the job lands, so a return is seen as soon as it is
 * stored, and a long wait costs the master a held request instead of a read
 * every few milliseconds.
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

/** The pause after each read, in milliseconds, so that returns landing close together come in one read. */
export const POLL_MS = 10;

/** The longest the master is asked to hold one read, in milliseconds (below the client's request timeout). */
export const HOLD_MS = 1000;

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

/** Reads one job's returns as they land, each minion's once, with at most one long poll in flight. */
class ReturnReader {
  private cursor?: string;
  private readonly seen = new Set<string>();
  private landed: ReturnRecord[] = [];
  private inFlight?: Promise<void>;

  constructor(
    private readonly feed: ReturnFeed,
    private readonly jid: string,
  ) {}

  /**
   * Read what is new, letting the master hold the read up to `holdMs` when nothing is; a read already in
   * flight is waited for instead of starting another. Its returns are kept for {@link take}.
   * @throws SaltClientError when the master stops answering
   */
  read(holdMs: number): Promise<void> {
    this.inFlight ??= this.feed
      .job_returns({ jid: this.jid, ...(this.cursor === undefined ? {} : { after: this.cursor }), ...(holdMs > 0 ? { wait: Math.round(holdMs) } : {}) })
      .then((page) => {
        this.cursor = page.cursor;
        this.landed.push(...page.returns.filter((r) => !this.seen.has(r.id) && this.seen.add(r.id)));
      })
      .finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  /** The returns read and not taken yet, one per minion, in the order they landed. */
  take(): ReturnRecord[] {
    const out = this.landed;
    this.landed = [];
    return out;
  }
}

/** How long a read may be held so that it ends by `deadline` (ms since the epoch), at most {@link HOLD_MS}. */
function holdUntil(deadline: number): number {
  return Math.max(0, Math.min(HOLD_MS, deadline - Date.now()));
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
  /** Hand over the returns read; @returns whether any expected one landed */
  const take = (): boolean => {
    let landed = false;
    for (const ret of reader.take()) {
      if (missing.delete(ret.id) || expected.length === 0) {
        onReturn(ret);
        landed = true;
      }
    }
    return landed;
  };
  let deadline = Date.now() + opts.timeout * 1000;
  for (;;) {
    await reader.read(holdUntil(deadline));
    take();
    if (missing.size === 0) return [];
    if (Date.now() >= deadline) {
      const find = opts.findJob;
      if (!find) return [...missing];
      const running = await gather(find, { feed, reader, take, allReturned: () => missing.size === 0 }, jid, [...missing]);
      if (missing.size === 0) return [];
      if (!running.some((id) => missing.has(id))) return [...missing];
      deadline = Date.now() + opts.timeout * 1000;
    }
    await sleep(POLL_MS);
  }
}

/** The waiting loop's side of a find_job round. */
interface Waiting {
  feed: ReturnFeed;
  /** The job's own returns. */
  reader: ReturnReader;
  /** Hand the returns read to the loop; @returns whether any expected one landed. */
  take(): boolean;
  /** True once every expected minion returned. */
  allReturned(): boolean;
}

/**
 * One find_job round: ask `ids`, then read their answers, and the job's own returns through `w`, until
 * every one answered, every expected minion returned, or gather_job_timeout passes with neither an answer
 * nor a return.
 * @returns the minions that answered they are running `jid`
 */
async function gather(find: FindJob, w: Waiting, jid: string, ids: string[]): Promise<string[]> {
  const findJid = await find.ask(jid, ids);
  if (!findJid) return [];
  const answers = new ReturnReader(w.feed, findJid);
  const silent = new Set(ids);
  const running: string[] = [];
  const notRunning: string[] = [];
  let lastProgress = Date.now();
  for (;;) {
    // Both reads are held by the master; whichever lands first is handled, the other stays in flight.
    const hold = holdUntil(lastProgress + find.gather * 1000);
    await Promise.race([w.reader.read(hold), answers.read(hold)]);
    if (w.take()) lastProgress = Date.now();
    for (const ret of answers.take()) {
      if (!silent.delete(ret.id)) continue;
      lastProgress = Date.now();
      (saysRunning(ret, jid) ? running : notRunning).push(ret.id);
    }
    if (w.allReturned() || silent.size === 0 || Date.now() - lastProgress >= find.gather * 1000) break;
    await sleep(POLL_MS);
  }
  // A minion that answered "not running" may have returned meanwhile.
  await w.reader.read(0);
  w.take();
  find.answered?.(running, notRunning);
  return running;
}
