import type { ReturnRecord } from '@brine/core/protocol/v1/loads';
import { waitForJob, type FindJob, type ReturnFeed } from '@brine/cli/job-wait';

const IDS = Array.from({ length: 50 }, (_, i) => `m${i}`);
const ret = (id: string, value: unknown = true) => ({ id, jid: 'j', return: value, retcode: 0 }) as ReturnRecord;

/**
 * A job cache for job `j` and its find_job `f`: `landing(poll)` says which returns of `j` have landed at
 * the poll-th read of `j`, and `answers` are the find_job answers (all there from the start).
 */
function cache(landing: (poll: number) => ReturnRecord[], answers: ReturnRecord[] = []): ReturnFeed {
  let polls = 0;
  return {
    job_returns: async ({ jid }) => ({ returns: jid === 'f' ? answers : landing(++polls), cursor: '' }),
  };
}

const findJob = (gather: number, asked: string[][] = []): FindJob => ({
  gather,
  ask: async (_jid, ids) => {
    asked.push(ids);
    return 'f';
  },
});

test('returns that keep landing after the timeout are all waited for, though no minion answers find_job', async () => {
  // One more return per poll: 50 polls, at least 10 ms apart, take longer than the 0.1 s timeout and the 0.2 s gather.
  const feed = cache((poll) => IDS.slice(0, Math.min(IDS.length, Math.ceil(poll / 2))).map((id) => ret(id)));
  const got: string[] = [];
  const asked: string[][] = [];
  expect(await waitForJob(feed, 'j', IDS, { timeout: 0.1, findJob: findJob(0.2, asked) }, (r) => got.push(r.id))).toEqual([]);
  expect(got).toEqual(IDS);
  expect(asked.length).toBeGreaterThan(0);
});

test('without find_job, the timeout is final', async () => {
  const feed = cache((poll) => IDS.slice(0, Math.min(IDS.length, Math.ceil(poll / 2))).map((id) => ret(id)));
  const missing = await waitForJob(feed, 'j', IDS, { timeout: 0.1 }, () => undefined);
  expect(missing.length).toBeGreaterThan(0);
  expect(missing).toEqual(IDS.slice(IDS.length - missing.length));
});

test('a minion that never answers is given up once gather_job_timeout passes with no progress', async () => {
  const feed = cache(() => [ret('m0')]);
  const t0 = Date.now();
  expect(await waitForJob(feed, 'j', ['m0', 'm1'], { timeout: 0.05, findJob: findJob(0.2) }, () => undefined)).toEqual(['m1']);
  expect(Date.now() - t0).toBeGreaterThanOrEqual(250);
});

test('a minion that says it runs the job is given another timeout, and its return is taken', async () => {
  let polls = 0;
  const feed: ReturnFeed = {
    job_returns: async ({ jid }) => {
      if (jid === 'f') return { returns: [{ ...ret('m1', { jid: 'j', fun: 'test.sleep' }), jid: 'f' }], cursor: '' };
      polls++;
      return { returns: polls > 30 ? [ret('m0'), ret('m1')] : [ret('m0')], cursor: '' };
    },
  };
  const said: string[][] = [];
  const find = { ...findJob(0.05), answered: (running: string[]) => said.push(running) };
  expect(await waitForJob(feed, 'j', ['m0', 'm1'], { timeout: 0.05, findJob: find }, () => undefined)).toEqual([]);
  expect(said[0]).toEqual(['m1']);
});
