import { formatJid } from '@brine/core/jid';
import { CatchUp, MAX_WINDOW_S, MISSED_BYTES_PER_REPLY, MISSED_PER_REPLY } from '@brine/master/catch-up';
import type { JobRecord } from '@brine/core/protocol/v1/loads';

/** A job cache in memory: loads by jid, expected and returned minions by jid. */
function fakeCache() {
  const loads = new Map<string, JobRecord>();
  const expected = new Set<string>();
  const returned = new Set<string>();
  return {
    loads,
    returned,
    add(job: JobRecord) {
      loads.set(job.jid, job);
      for (const id of job.minions) expected.add(`${job.jid}/${id}`);
    },
    load: (jid: string) => loads.get(jid),
    isExpected: (jid: string, id: string) => expected.has(`${jid}/${id}`),
    hasReturn: (jid: string, id: string) => returned.has(`${jid}/${id}`),
    recentJobs: (since: string) => [...loads.values()].filter((j) => j.jid >= since).sort((a, b) => (a.jid < b.jid ? -1 : 1)),
  };
}

const T0 = Date.UTC(2026, 11, 3, 9, 0, 0);
const timeouts = { timeout: 5, gather_job_timeout: 10 };

/** A job started at `at` (ms since the epoch) for `minions`. */
function job(at: number, minions: string[], to?: number): JobRecord {
  const jid = formatJid(new Date(at));
  return { jid, tgt: minions, tgt_type: 'list', fun: 'test.ping', arg: [], kwarg: {}, user: 'root', started: at, minions, ...(to === undefined ? {} : { to }) };
}

test('a minion is given the open jobs that expect it and hold no return from it, as loads', () => {
  let now = T0;
  const cache = fakeCache();
  const c = new CatchUp(cache, timeouts, () => now);
  const a = job(T0, ['web1', 'web2']);
  const b = job(T0 + 1, ['web2']);
  for (const j of [a, b]) {
    cache.add(j);
    c.opened(j);
  }
  cache.returned.add(`${a.jid}/web2`);
  now += 1000;
  expect(c.missedBy('web1')).toEqual({ jobs: [{ jid: a.jid, tgt: ['web1', 'web2'], tgt_type: 'list', fun: 'test.ping', arg: [], kwarg: {}, user: 'root' }], more: false });
  expect(c.missedBy('web2').jobs.map((j) => j.jid)).toEqual([b.jid]);
  expect(c.missedBy('db1')).toEqual({ jobs: [], more: false });
});

test("a job's delivery window is its `to` (or the master timeout) plus gather_job_timeout", () => {
  let now = T0;
  const cache = fakeCache();
  const c = new CatchUp(cache, timeouts, () => now);
  const short = job(T0, ['web1']);
  const long = job(T0 + 1, ['web1'], 60);
  for (const j of [short, long]) {
    cache.add(j);
    c.opened(j);
  }
  now = T0 + 14_999;
  expect(c.missedBy('web1').jobs).toHaveLength(2);
  now = T0 + 15_000;
  expect(c.missedBy('web1').jobs.map((j) => j.jid)).toEqual([long.jid]);
  now = T0 + 70_001;
  expect(c.missedBy('web1').jobs).toEqual([]);
});

test('answers page by jid, in jid order even when publications were stored out of order', () => {
  const now = T0;
  const cache = fakeCache();
  const c = new CatchUp(cache, timeouts, () => now);
  const jobs = Array.from({ length: MISSED_PER_REPLY + 3 }, (_, i) => job(T0 - 1000 + i, ['web1']));
  for (const j of [...jobs].reverse()) {
    cache.add(j);
    c.opened(j);
  }
  const first = c.missedBy('web1');
  expect(first.more).toBe(true);
  expect(first.jobs.map((j) => j.jid)).toEqual(jobs.slice(0, MISSED_PER_REPLY).map((j) => j.jid));
  const second = c.missedBy('web1', first.jobs[first.jobs.length - 1].jid);
  expect(second).toEqual({ jobs: jobs.slice(MISSED_PER_REPLY).map(({ started: _s, minions: _m, ...load }) => load), more: false });
});

test('an answer holds at most MISSED_BYTES_PER_REPLY bytes of loads, but always one job', () => {
  const cache = fakeCache();
  const c = new CatchUp(cache, timeouts, () => T0);
  // Each load is a little over 40% of the bound: two fit, a third does not; one alone over the bound still goes.
  const big = (at: number, size: number) => ({ ...job(at, ['web1']), arg: ['x'.repeat(size)] });
  const jobs = [big(T0 - 4, 0.41 * MISSED_BYTES_PER_REPLY), big(T0 - 3, 0.41 * MISSED_BYTES_PER_REPLY), big(T0 - 2, 0.41 * MISSED_BYTES_PER_REPLY), big(T0 - 1, 1.5 * MISSED_BYTES_PER_REPLY)];
  for (const j of jobs) {
    cache.add(j);
    c.opened(j);
  }
  const pages: string[][] = [];
  let after: string | undefined;
  for (let more = true; more; ) {
    const page = c.missedBy('web1', after);
    pages.push(page.jobs.map((j) => j.jid));
    after = page.jobs[page.jobs.length - 1]?.jid;
    more = page.more;
  }
  expect(pages).toEqual([[jobs[0].jid, jobs[1].jid], [jobs[2].jid], [jobs[3].jid]]);
});

test('a restarted master reads back the jobs still within their window from the job cache', () => {
  const now = T0;
  const cache = fakeCache();
  cache.add(job(T0 - MAX_WINDOW_S * 1000 - 1, ['web1'], MAX_WINDOW_S));
  cache.add(job(T0 - 20_000, ['web1']));
  const open = job(T0 - 2_000, ['web1']);
  cache.add(open);
  const c = new CatchUp(cache, timeouts, () => now);
  expect(c.missedBy('web1').jobs).toEqual([]);
  c.restore();
  expect(c.missedBy('web1').jobs.map((j) => j.jid)).toEqual([open.jid]);
});

test('anyOpen says whether a job is within its delivery window, for the session grant', () => {
  let now = T0;
  const cache = fakeCache();
  const c = new CatchUp(cache, timeouts, () => now);
  expect(c.anyOpen()).toBe(false);
  const a = job(T0, ['web1']);
  cache.add(a);
  c.opened(a);
  expect(c.anyOpen()).toBe(true);
  now = T0 + (timeouts.timeout + timeouts.gather_job_timeout) * 1000;
  expect(c.anyOpen()).toBe(false);
});
