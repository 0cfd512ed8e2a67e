/**
 * The master's event bus with real daemons: a subscriber on the local client
 * channel sees a job's and keys' events with Salt 3006's tags and data, `salt-run
 * state.event` prints them as Salt's, and a subscriber that stops reading
 * neither slows nor breaks jobs.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import type { BusEvent } from '@brine/core/protocol/v1/local-client';
import { BIN, Cluster, finished } from './helpers/cluster';
import { subscribe as subscribeTo } from './helpers/subscriber';

/** A subscriber to `on`'s bus (this file's cluster by default). */
const subscribe = (on = cluster) => subscribeTo(on);

const MINIONS = ['minion1', 'minion2'];
const STAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/;
/** A job's events only: the minions' start events may still be on their way when a test begins. */
const jobEvents = (seen: BusEvent[]) => seen.filter((e) => /^(\d{20}$|salt\/job\/)/.test(e.tag));

let cluster: Cluster;

beforeAll(async () => {
  cluster = await Cluster.start({ master: { auto_accept: true } });
  for (const id of MINIONS) cluster.startMinion(id);
  await cluster.authenticated(MINIONS);
});

afterAll(async () => {
  await cluster?.stop();
});

test("a job fires <jid>, salt/job/<jid>/new and one salt/job/<jid>/ret/<id> per minion, with Salt's data", async () => {
  const sub = await subscribe();
  try {
    const r = await cluster.run('salt', ['-L', 'minion1,minion2,nosuch', 'test.arg', 'a', 'k=v']);
    expect(r.stdout).toContain('minion1:');
    const events = jobEvents(await sub.until((seen) => jobEvents(seen).filter((e) => e.tag.includes('/ret/')).length === 2));
    const jid = events[0].tag;
    expect(jid).toMatch(/^\d{20}$/);
    expect(events.map((e) => e.tag).slice(0, 2)).toEqual([jid, `salt/job/${jid}/new`]);
    expect(events.slice(2).map((e) => e.tag).sort()).toEqual([`salt/job/${jid}/ret/minion1`, `salt/job/${jid}/ret/minion2`]);
    for (const e of events) expect(e.data._stamp).toMatch(STAMP);

    expect(events[0].data).toEqual({ minions: MINIONS, _stamp: events[0].data._stamp });
    const args = ['a', { k: 'v', __kwarg__: true }];
    expect(events[1].data).toEqual({
      // salt -L sends the list split, as Salt's CLI does.
      jid, tgt_type: 'list', tgt: ['minion1', 'minion2', 'nosuch'], user: expect.any(String), fun: 'test.arg', arg: args,
      minions: MINIONS, missing: ['nosuch'], _stamp: events[1].data._stamp,
    });
    const ret = events.find((e) => e.tag.endsWith('/ret/minion2'))!.data;
    expect(Object.keys(ret)).toEqual(['cmd', 'id', 'success', 'return', 'retcode', 'jid', 'fun', 'fun_args', 'user', '_stamp']);
    expect(ret).toMatchObject({ cmd: '_return', id: 'minion2', success: true, retcode: 0, jid, fun: 'test.arg', fun_args: args, user: events[1].data.user });
    expect(ret.return).toEqual({ args: ['a'], kwargs: expect.objectContaining({ k: 'v' }) });
  } finally {
    sub.client.close();
  }
});

test('salt-run state.event prints matching events as tag<TAB>json, one line each, then None after count', async () => {
  const mark = cluster.master.output.length;
  const watcher = spawn(process.execPath, [path.join(BIN, 'salt-run.js'), '-c', cluster.masterDir, 'state.event', 'salt/job/*/ret/*', 'count=2'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const done = finished(watcher);
  await cluster.master.waitFor(/Event bus: a subscriber joined/, 15000, mark);
  const ping = await cluster.run('salt', ['*', 'test.ping']);
  expect(ping.code).toBe(0);
  const r = await done;
  expect(r.code).toBe(0);
  const lines = r.stdout.split('\n');
  expect(lines.slice(2)).toEqual(['None', '']);
  const ids = lines.slice(0, 2).map((line) => {
    const m = /^salt\/job\/(\d{20})\/ret\/(minion\d)\t(\{.*\})$/.exec(line);
    expect(m).not.toBeNull();
    // One line, Python's json.dumps separators, keys in Salt's order.
    expect(m![3]).toMatch(/^\{"cmd": "_return", "id": "minion\d", "success": true, "return": true, "retcode": 0, "jid": "\d{20}", "fun": "test.ping", "fun_args": \[\], "user": "[^"]*", "_stamp": "[^"]+"\}$/);
    return m![2];
  });
  expect(ids.sort()).toEqual(MINIONS);
});

test('a subscriber that stops reading neither slows nor breaks jobs, and keeps its place', async () => {
  const stalled = await subscribe();
  try {
    const time = async () => {
      const t0 = Date.now();
      for (let i = 0; i < 10; i++) {
        const r = await cluster.withClient(async (c) => {
          const { jid } = await c.publish({ tgt: '*', tgt_type: 'glob', fun: 'test.ping', arg: [], kwarg: {}, user: 'root' });
          for (let got = 0; got < MINIONS.length;) got = (await c.job_returns({ jid: jid!, wait: 5000 })).returns.length;
          return jid;
        });
        expect(r).toMatch(/^\d{20}$/);
      }
      return Date.now() - t0;
    };
    // 10 jobs with the stalled subscriber (it polled once and never again)
    const withStalled = await time();
    // All 40 events (10 x (jid, new, 2 rets)) are there when it reads again, none missed.
    const seen = jobEvents(await stalled.until((s) => jobEvents(s).length >= 40));
    expect(seen).toHaveLength(40);
    expect(seen.filter((e) => e.tag.endsWith('/new'))).toHaveLength(10);
    // A loose bound only: the jobs ran at the pace of jobs, not held up by the subscriber (each needs well under 1 s).
    expect(withStalled).toBeLessThan(10000);
  } finally {
    stalled.client.close();
  }
});

test('authentication fires salt/auth (pend, then accept), salt-key fires salt/key (accept, reject, delete)', async () => {
  const manual = await Cluster.start({ master: { auto_accept: false } });
  const sub = await subscribe(manual);
  try {
    const m3 = manual.startMinion('minion3', { acceptance_wait_time: 10 });
    await m3.waitFor(/Waiting for the master to accept/);
    expect((await manual.run('salt-key', ['-a', 'minion3', '-y'])).code).toBe(0);
    await manual.authenticated(['minion3']);
    manual.startMinion('minion4', { acceptance_wait_time: 10 });
    await manual.minions.get('minion4')!.waitFor(/Waiting for the master to accept/);
    expect((await manual.run('salt-key', ['-r', 'minion4', '-y'])).code).toBe(0);
    expect((await manual.run('salt-key', ['-d', 'minion3', '-y'])).code).toBe(0);
    const events = await sub.until((seen) => seen.some((e) => e.tag === 'salt/key' && e.data.act === 'delete'));
    const auth = (id: string) => events.filter((e) => e.tag === 'salt/auth' && e.data.id === id).map((e) => e.data);
    for (const e of auth('minion3')) expect(Object.keys(e)).toEqual(['result', 'act', 'id', 'pub', '_stamp']);
    expect(auth('minion3')[0]).toMatchObject({ result: true, act: 'pend', id: 'minion3', pub: expect.any(String) });
    expect(auth('minion3').some((e) => e.act === 'accept' && e.result === true)).toBe(true);
    expect(auth('minion4')[0]).toMatchObject({ result: true, act: 'pend' });
    const keys = events.filter((e) => e.tag === 'salt/key').map(({ data }) => ({ ...data, _stamp: typeof data._stamp }));
    expect(keys).toEqual([
      { result: true, act: 'accept', id: 'minion3', _stamp: 'string' },
      { result: true, act: 'reject', id: 'minion4', _stamp: 'string' },
      { result: true, act: 'delete', id: 'minion3', _stamp: 'string' },
    ]);
  } finally {
    sub.client.close();
    await manual.stop();
  }
});

test('a starting minion fires salt/minion/<id>/start and minion_start; auto_accept fires salt/auth accept, no salt/key', async () => {
  const sub = await subscribe();
  try {
    cluster.startMinion('minion5');
    const events = await sub.until((seen) => seen.some((e) => e.tag === 'minion_start'));
    const start = events.find((e) => e.tag === 'salt/minion/minion5/start')!.data;
    expect(Object.keys(start)).toEqual(['id', 'cmd', 'pretag', 'data', 'tag', '_stamp']);
    expect(start).toMatchObject({ id: 'minion5', cmd: '_minion_event', pretag: null, tag: 'salt/minion/minion5/start' });
    expect(start.data).toMatch(/^Minion minion5 started at [A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4}$/);
    expect(events.find((e) => e.tag === 'minion_start')!.data).toMatchObject({ id: 'minion5', data: start.data, tag: 'minion_start' });
    expect(events.filter((e) => e.tag === 'salt/auth').map((e) => e.data)).toContainEqual(expect.objectContaining({ result: true, act: 'accept', id: 'minion5' }));
    expect(events.filter((e) => e.tag === 'salt/key')).toEqual([]);
  } finally {
    sub.client.close();
    await cluster.minions.get('minion5')?.stop();
  }
});
