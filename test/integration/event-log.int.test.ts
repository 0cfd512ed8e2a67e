/**
 * The master's persistent event log with real daemons: `salt-run state.event
 * resume=NAME` stops, 100 jobs are published while no one listens, and the
 * next run resumes from its saved position with none missed, in order, also
 * across a master restart; salt-run fires salt/run/<jid>/new and ret, and
 * presence_events fires salt/presence/present and change, with Salt's data.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import type { BusEvent } from '@brine/core/protocol/v1/local-client';
import { connectLocal, loadMasterConfig } from '@brine/cli/client';
import { BIN, Cluster, finished } from './helpers/cluster';

const STAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/;
let cluster: Cluster;
let cache: string;

beforeAll(async () => {
  cluster = await Cluster.start({ master: { auto_accept: true, presence_events: true, loop_interval: 1 } });
  cluster.startMinion('minion1');
  await cluster.authenticated(['minion1']);
  cache = fs.mkdtempSync(path.join(os.tmpdir(), 'brine-xdg-'));
});

afterAll(async () => {
  await cluster?.stop();
  fs.rmSync(cache, { recursive: true, force: true });
});

/** `salt-run state.event ARGS` as the user whose cache is `cache`. */
const stateEvent = (args: string[]) => cluster.run('salt-run', ['state.event', ...args], { env: { XDG_CACHE_HOME: cache } });

/** Publish `n` test.ping jobs one after the other (no one listens); their jids in order. */
async function publish(n: number): Promise<string[]> {
  return cluster.withClient(async (c) => {
    const jids: string[] = [];
    for (let i = 0; i < n; i++) jids.push((await c.publish({ tgt: 'minion1', tgt_type: 'glob', fun: 'test.ping', arg: [], kwarg: {}, user: 'root' })).jid!);
    return jids;
  });
}

/** The jids of the `salt/job/<jid>/new` lines state.event printed. */
const printedJids = (stdout: string) => [...stdout.matchAll(/^salt\/job\/(\d{20})\/new\t/gm)].map((m) => m[1]);

test('a subscriber that was down resumes from its saved position: 100 jobs later, none missed, in order; then across a master restart and a crash', async () => {
  // A first run subscribes (its position starts now), sees one job and stops, saving its position.
  const mark = cluster.master.output.length;
  const first = spawn(process.execPath, [path.join(BIN, 'salt-run.js'), '-c', cluster.masterDir, 'state.event', 'salt/job/*/new', 'resume=t1', 'count=1'], {
    stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, XDG_CACHE_HOME: cache },
  });
  const firstDone = finished(first);
  await cluster.master.waitFor(/Event bus: a subscriber joined/, 15000, mark);
  const [one] = await publish(1);
  const r1 = await firstDone;
  expect(r1.code).toBe(0);
  expect(printedJids(r1.stdout)).toEqual([one]);
  const saved = Number(fs.readFileSync(path.join(cache, 'brine', 'state.event', 't1'), 'utf8'));
  expect(r1.stderr).toContain(`Event position: ${saved} (resume with cursor=${saved})`);

  // 100 jobs while no one listens (each also fires <jid> and a return: 300 events, more than one page).
  const jids = await publish(100);
  const r2 = await stateEvent(['salt/job/*/new', 'resume=t1', 'count=100']);
  expect(r2.code).toBe(0);
  expect(r2.stderr).not.toContain('WARNING');
  expect(printedJids(r2.stdout)).toEqual(jids);
  expect(r2.stdout.trimEnd().endsWith('None')).toBe(true);

  // Jobs before a restart of the master are read after it from the log; positions go on where they were.
  const before = await publish(3);
  await cluster.restartMaster();
  const r3 = await stateEvent(['salt/job/*/new', 'resume=t1', 'count=3']);
  expect(printedJids(r3.stdout)).toEqual(before);
  const after = await publish(1);
  const r4 = await stateEvent(['salt/job/*/new', 'resume=t1', 'count=1']);
  expect(printedJids(r4.stdout)).toEqual(after);
  // A master killed (nothing closed) keeps what it fired: each turn's events are written on the next turn.
  const beforeKill = await publish(2);
  await cluster.restartMaster({ kill: true });
  const r6 = await stateEvent(['salt/job/*/new', 'resume=t1', 'count=2']);
  expect(printedJids(r6.stdout)).toEqual(beforeKill);
  // cursor=N replays from a position without a saved file.
  const r5 = await stateEvent(['salt/job/*/new', `cursor=${saved}`, 'count=2']);
  expect(printedJids(r5.stdout)).toEqual(jids.slice(0, 2));
});

test("salt-run fires salt/run/<jid>/new when it starts and salt/run/<jid>/ret when it ends, with Salt's data", async () => {
  const client = connectLocal(loadMasterConfig(cluster.masterDir));
  try {
    let { cursor } = await client.events({});
    /** The new and ret events of the next run. */
    const runEvents = async () => {
      const seen: BusEvent[] = [];
      while (!seen.some((e) => /^salt\/run\/\d{20}\/ret$/.test(e.tag))) {
        const page = await client.events({ after: cursor, wait: 5000 });
        cursor = page.cursor;
        seen.push(...page.events.filter((e) => e.tag.startsWith('salt/run/')));
      }
      return seen;
    };
    const r = await cluster.run('salt-run', ['jobs.list_jobs', 'count=0']);
    expect(r.code).toBe(0);
    const [created, ret] = await runEvents();
    const jid = /^salt\/run\/(\d{20})\/new$/.exec(created.tag)![1];
    expect(ret.tag).toBe(`salt/run/${jid}/ret`);
    expect(Object.keys(created.data)).toEqual(['fun', 'jid', 'user', 'fun_args', '_stamp']);
    expect(created.data).toMatchObject({ fun: 'runner.jobs.list_jobs', jid, user: expect.any(String), fun_args: [{ count: 0 }] });
    expect(created.data._stamp).toMatch(STAMP);
    expect(Object.keys(ret.data)).toEqual(['fun', 'jid', 'user', 'fun_args', 'return', 'success', '_stamp']);
    expect(ret.data).toMatchObject({ fun: 'runner.jobs.list_jobs', jid, user: created.data.user, fun_args: [{ count: 0 }], return: {}, success: true });

    // A run that fails ends with success False and Salt's "Exception occurred in runner ..." as its return.
    const bad = await cluster.run('salt-run', ['jobs.lookup_jid', 'nosuch']);
    expect(bad.code).toBe(1);
    const [, failed] = await runEvents();
    expect(failed.data).toMatchObject({ fun: 'runner.jobs.lookup_jid', fun_args: ['nosuch'], success: false });
    expect(failed.data.return).toMatch(/^Exception occurred in runner jobs\.lookup_jid: /);
  } finally {
    client.close();
  }
});

test('presence_events fires salt/presence/present every loop_interval and salt/presence/change when minions come or go (the last test: it stops them)', async () => {
  const client = connectLocal(loadMasterConfig(cluster.masterDir));
  try {
    let { cursor } = await client.events({});
    const next = async (tag: string, ok: (d: Record<string, unknown>) => boolean) => {
      for (;;) {
        const page = await client.events({ after: cursor, wait: 5000 });
        cursor = page.cursor;
        const hit = page.events.find((e) => e.tag === tag && ok(e.data));
        if (hit) return hit.data;
      }
    };
    expect(await next('salt/presence/present', (d) => (d.present as string[]).includes('minion1'))).toEqual({ present: ['minion1'], _stamp: expect.stringMatching(STAMP) });
    const m2 = cluster.startMinion('minion2');
    await cluster.authenticated(['minion2']);
    expect(await next('salt/presence/change', (d) => (d.new as string[]).length > 0)).toMatchObject({ new: ['minion2'], lost: [] });
    // Minions on one host are present together (presence.ts), so both go for one to be lost.
    await Promise.all([m2.stop(), cluster.minions.get('minion1')!.stop()]);
    expect(await next('salt/presence/change', (d) => (d.lost as string[]).length > 0)).toMatchObject({ new: [], lost: ['minion1', 'minion2'] });
  } finally {
    client.close();
  }
});
