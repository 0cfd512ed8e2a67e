/**
 * The minion's scheduler with real daemons: a `schedule:` entry of the minion
 * config runs on its interval plus splay, its runs land in the master's job
 * cache as Salt's scheduled jobs (a jid the minion made, `schedule` in the
 * return, the minion as target) and fire their return events, `maxrunning`
 * holds when a run lasts longer than the interval, and a scheduled run shows
 * in saltutil.running and jobs.active and can be killed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { JobRecord, ReturnRecord } from '@brine/core/protocol/v1/loads';
import { Cluster } from './helpers/cluster';

let cluster: Cluster;
let pillarDir: string;

beforeAll(async () => {
  pillarDir = fs.mkdtempSync(path.join(os.tmpdir(), 'brine-schedule-pillar-'));
  fs.writeFileSync(path.join(pillarDir, 'top.sls'), "base:\n  'pinger':\n    - sched\n");
  fs.writeFileSync(path.join(pillarDir, 'sched.sls'), 'schedule:\n  from_pillar:\n    function: test.echo\n    args: [pillar]\n    hours: 1\n');
  cluster = await Cluster.start({ master: { auto_accept: true, pillar_roots: { base: [pillarDir] } } });
  cluster.startMinion('pinger', { schedule: { ping: { function: 'test.ping', seconds: 2, splay: 1 } } });
  cluster.startMinion('sleeper', { schedule: { nap: { function: 'test.sleep', args: [3], seconds: 1 } } });
  await cluster.authenticated(['pinger', 'sleeper']);
});

afterAll(async () => {
  await cluster?.stop();
  fs.rmSync(pillarDir, { recursive: true, force: true });
});

/** `salt <id> <fun> ...words --out=json`: the minion's answer. */
async function salt(id: string, fun: string, ...words: string[]): Promise<unknown> {
  const r = await cluster.run('salt', [id, fun, ...words, '--out=json']);
  return (JSON.parse(r.stdout) as Record<string, unknown>)[id];
}

/** `salt <id> schedule.<fun> ...words`: the minion's answer. */
const schedule = (id: string, fun: string, ...words: string[]) => salt(id, `schedule.${fun}`, ...words);

/** The scheduled jobs of `schedule` in the job cache with their return from `id`, oldest first, once `count` are there. */
async function scheduledRuns(schedule: string, id: string, count: number, timeoutMs = 30000): Promise<Array<{ job: JobRecord; ret: ReturnRecord }>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const runs = await cluster.withClient(async (c) => {
      const jobs = (await c.list_jobs({ limit: 1000 })).filter((j) => j.schedule === schedule);
      const out: Array<{ job: JobRecord; ret: ReturnRecord }> = [];
      for (const job of jobs) {
        const ret = (await c.job_returns({ jid: job.jid })).returns.find((r) => r.id === id);
        if (ret) out.push({ job, ret });
      }
      return out;
    });
    if (runs.length >= count) return runs;
    if (Date.now() > deadline) throw new Error(`only ${runs.length} runs of ${schedule} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

test('seconds: 2 with splay: 1 runs every 2 to 3 seconds and lands in the job cache as a scheduled job', async () => {
  const runs = await scheduledRuns('ping', 'pinger', 4);
  for (const { job, ret } of runs) {
    expect(job).toMatchObject({ tgt: 'pinger', tgt_type: 'glob', fun: 'test.ping', arg: [], user: 'root', minions: ['pinger'], schedule: 'ping' });
    expect(ret).toMatchObject({ jid: job.jid, id: 'pinger', fun: 'test.ping', fun_args: [], return: true, retcode: 0, success: true, schedule: 'ping', pid: expect.any(Number) });
  }
  const starts = runs.map((r) => r.ret.started);
  // Each run starts an interval plus a splay of 0 or 1 s after the previous one (timer slack on a busy host: 700 ms).
  for (let i = 1; i < starts.length; i++) {
    const gap = starts[i] - starts[i - 1];
    expect(gap).toBeGreaterThanOrEqual(2000 - 50);
    expect(gap).toBeLessThanOrEqual(3000 + 700);
  }
  const looked = await cluster.run('salt-run', ['jobs.lookup_jid', runs[0].job.jid]);
  expect(looked.stdout).toBe('pinger:\n    True\n');
  const listed = JSON.parse((await cluster.run('salt-run', ['jobs.list_jobs', '--out=json'])).stdout) as Record<string, unknown>;
  expect(listed[runs[0].job.jid]).toMatchObject({ Function: 'test.ping', Arguments: [], Target: 'pinger', 'Target-type': 'glob', User: 'root' });
}, 60000);

test('maxrunning: 1 holds when each run (test.sleep 3) lasts longer than the interval (1 s)', async () => {
  const runs = await scheduledRuns('nap', 'sleeper', 3);
  const spans = runs.map((r) => [r.ret.started, r.ret.finished]).sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < spans.length; i++) expect(spans[i][0]).toBeGreaterThanOrEqual(spans[i - 1][1]);
  // Each run starts within about a second of the previous one's end: the next fire after it.
  for (let i = 1; i < spans.length; i++) expect(spans[i][0] - spans[i - 1][1]).toBeLessThanOrEqual(1500);
}, 60000);

test.each(['kill_job', 'term_job'])('a scheduled run shows in saltutil.running and jobs.active, and saltutil.%s stops it', async (stop) => {
  // A run of a minute, started on demand, so that it is still running while the CLIs look at it.
  const name = `long_${stop}`;
  await schedule('sleeper', 'add', name, 'function=test.sleep', 'job_args=[60]', 'hours=1');
  await expect(schedule('sleeper', 'run_job', name)).resolves.toEqual({ comment: `Scheduling Job ${name} on minion.`, result: true });
  let running: Array<Record<string, unknown>> = [];
  for (const deadline = Date.now() + 10000; Date.now() < deadline && !running.length; ) {
    running = ((await salt('sleeper', 'saltutil.running')) as Array<Record<string, unknown>>).filter((j) => j.schedule === name);
  }
  expect(running[0]).toMatchObject({ fun: 'test.sleep', schedule: name, tgt: 'sleeper', user: 'root', arg: [60] });
  const jid = String(running[0].jid);
  const active = await cluster.run('salt-run', ['jobs.active', '--out=json']);
  expect(JSON.parse(active.stdout)).toHaveProperty([jid, 'Running'], [{ sleeper: expect.any(Number) }]);
  const killed = await cluster.run('salt', ['sleeper', `saltutil.${stop}`, jid]);
  expect(killed.stdout).toBe(`sleeper:\n    Signal ${stop === 'kill_job' ? 9 : 15} sent to job ${jid}\n`);
  const deadline = Date.now() + 10000;
  let ret: ReturnRecord | undefined;
  while (!ret && Date.now() < deadline) ret = (await cluster.jobReturns(jid)).get('sleeper');
  expect(ret).toMatchObject({ success: false, schedule: name, return: expect.stringContaining('interrupted') });
  await schedule('sleeper', 'delete', name);
}, 60000);

test("the schedule module edits the running minion's scheduler: add runs, run_job runs now, delete stops, pillar jobs are listed", async () => {
  await expect(schedule('pinger', 'add', 'adhoc', 'function=test.arg', "job_args=['x']", 'job_kwargs={k: v}', 'seconds=1')).resolves.toEqual({
    comment: 'Added job: adhoc to schedule.', result: true, changes: { adhoc: 'added' },
  });
  const [run] = await scheduledRuns('adhoc', 'pinger', 1);
  expect(run.ret).toMatchObject({ fun: 'test.arg', fun_args: ['x', { k: 'v' }], schedule: 'adhoc', return: { args: ['x'], kwargs: expect.objectContaining({ k: 'v' }) } });
  expect(fs.readFileSync(path.join(cluster.minionDir('pinger'), 'minion.d', '_schedule.conf'), 'utf8')).toContain('adhoc:');
  const next = (await schedule('pinger', 'show_next_fire_time', 'adhoc')) as { next_fire_time: string };
  expect(next.next_fire_time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);

  await expect(schedule('pinger', 'delete', 'adhoc')).resolves.toEqual({ comment: 'Deleted Job adhoc from schedule.', result: true, changes: { adhoc: 'removed' } });
  await expect(schedule('pinger', 'show_next_fire_time', 'adhoc')).resolves.toEqual({ result: true, next_fire_time: null });

  // Salt's internal mine job is there, shown with show_all only.
  await expect(schedule('pinger', 'list', 'return_yaml=False', 'show_all=True', 'where=opts')).resolves.toEqual({
    ping: { function: 'test.ping', seconds: 2, splay: 1, enabled: true },
    __mine_interval: { function: 'mine.update', minutes: 60, jid_include: true, maxrunning: 2, return_job: false, enabled: true },
  });

  // A pillar job is listed, and runs on demand though its interval is an hour.
  await expect(schedule('pinger', 'list', 'return_yaml=False', 'where=pillar')).resolves.toEqual({
    from_pillar: { function: 'test.echo', args: ['pillar'], hours: 1, enabled: true },
  });
  await expect(schedule('pinger', 'run_job', 'from_pillar')).resolves.toEqual({ comment: 'Scheduling Job from_pillar on minion.', result: true });
  const [pillarRun] = await scheduledRuns('from_pillar', 'pinger', 1);
  expect(pillarRun.ret.return).toBe('pillar');
  await expect(schedule('pinger', 'delete', 'from_pillar')).resolves.toEqual({ comment: 'Failed to delete job from_pillar from schedule.', result: false, changes: {} });
}, 60000);
