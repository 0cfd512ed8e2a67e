/**
 * The event bus end to end, as the issue asks: a subscriber sees a key
 * accepted, a job run, custom events fired by a minion (event.send from a
 * job, event.fire_master from salt-call) and a key deleted, each with Salt
 * 3006's tag and data; and a minion cannot fire under another's id or a tag
 * only the master fires.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import type { BusEvent } from '@brine/core/protocol/v1/local-client';
import { BIN, Cluster, finished } from './helpers/cluster';
import { subscribe as subscribeTo } from './helpers/subscriber';

/** A subscriber to this file's cluster's bus. */
const subscribe = () => subscribeTo(cluster);

const STAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/;

let cluster: Cluster;

beforeAll(async () => {
  cluster = await Cluster.start({ master: { auto_accept: false } });
});

afterAll(async () => {
  await cluster?.stop();
});

/** Data without its `_stamp` (checked apart), for exact comparisons. */
function unstamped(e: BusEvent): Record<string, unknown> {
  expect(e.data._stamp).toMatch(STAMP);
  const { _stamp, ...rest } = e.data;
  return rest;
}

const has = (tag: string | RegExp) => (seen: BusEvent[]) => seen.some((e) => (typeof tag === 'string' ? e.tag === tag : tag.test(e.tag)));

test('key accepted, job run, custom events from a job and from salt-call, key deleted: every event with Salt\'s tag and data', async () => {
  const sub = await subscribe();
  try {
    // 1. A new minion waits for its key; salt-key accepts it.
    const web1 = cluster.startMinion('web1', { acceptance_wait_time: 10 });
    await web1.waitFor(/Waiting for the master to accept/);
    expect((await cluster.run('salt-key', ['-a', 'web1', '-y'])).code).toBe(0);
    await cluster.authenticated(['web1']);
    let seen = await sub.until(has('minion_start'));
    const auth = seen.filter((e) => e.tag === 'salt/auth').map(unstamped);
    expect(auth[0]).toEqual({ result: true, act: 'pend', id: 'web1', pub: expect.stringContaining('') });
    expect(auth.at(-1)).toMatchObject({ result: true, act: 'accept', id: 'web1' });
    expect(seen.filter((e) => e.tag === 'salt/key').map(unstamped)).toEqual([{ result: true, act: 'accept', id: 'web1' }]);
    const start = seen.find((e) => e.tag === 'salt/minion/web1/start')!;
    expect(Object.keys(start.data)).toEqual(['id', 'cmd', 'pretag', 'data', 'tag', '_stamp']);
    expect(unstamped(start)).toEqual({ id: 'web1', cmd: '_minion_event', pretag: null, data: expect.stringMatching(/^Minion web1 started at /), tag: 'salt/minion/web1/start' });

    // 2. A job: <jid>, salt/job/<jid>/new, salt/job/<jid>/ret/web1.
    const ping = await cluster.run('salt', ['web1', 'test.ping']);
    expect(ping.stdout).toBe('web1:\n    True\n');
    seen = await sub.until(has(/^salt\/job\/\d{20}\/ret\/web1$/));
    const jid = seen.find((e) => /^\d{20}$/.test(e.tag))!.tag;
    expect(unstamped(seen.find((e) => e.tag === jid)!)).toEqual({ minions: ['web1'] });
    expect(unstamped(seen.find((e) => e.tag === `salt/job/${jid}/new`)!)).toEqual({
      jid, tgt_type: 'glob', tgt: 'web1', user: expect.any(String), fun: 'test.ping', arg: [], minions: ['web1'], missing: [],
    });
    expect(unstamped(seen.find((e) => e.tag === `salt/job/${jid}/ret/web1`)!)).toMatchObject({ cmd: '_return', id: 'web1', success: true, return: true, retcode: 0, jid, fun: 'test.ping' });

    // 3. A custom event from a job on the minion: Salt's forwarded load, under the id the master knows.
    const send = await cluster.run('salt', ['web1', 'event.send', 'my/tag', '{"a": 1}']);
    expect(send).toMatchObject({ code: 0, stdout: 'web1:\n    True\n' });
    seen = await sub.until((s) => has('my/tag')(s) && s.some((e) => e.tag.endsWith('/ret/web1') && e.data.fun === 'event.send'));
    const custom = seen.find((e) => e.tag === 'my/tag')!;
    expect(Object.keys(custom.data)).toEqual(['id', 'cmd', 'pretag', 'data', 'tag', '_stamp']);
    expect(unstamped(custom)).toEqual({ id: 'web1', cmd: '_minion_event', pretag: null, data: { a: 1 }, tag: 'my/tag' });
    // The job fired it before it returned (event.send waits for the master to fire it).
    expect(seen.findIndex((e) => e.tag === 'my/tag')).toBeLessThan(seen.findIndex((e) => e.tag.endsWith('/ret/web1') && e.data.fun === 'event.send'));

    // 4. salt-call event.fire_master: Salt's raw load {id, tag, data, cmd}.
    const call = await cluster.run('salt-call', ['event.fire_master', '{"b": [1, 2]}', 'my/other'], { configDir: cluster.minionDir('web1') });
    expect(call).toMatchObject({ code: 0, stdout: 'local:\n    True\n' });
    seen = await sub.until(has('my/other'));
    const raw = seen.find((e) => e.tag === 'my/other')!;
    expect(Object.keys(raw.data)).toEqual(['id', 'tag', 'data', 'cmd', '_stamp']);
    expect(unstamped(raw)).toEqual({ id: 'web1', tag: 'my/other', data: { b: [1, 2] }, cmd: '_minion_event' });

    // 5. salt-key deletes the key: salt/key delete.
    expect((await cluster.run('salt-key', ['-d', 'web1', '-y'])).code).toBe(0);
    seen = await sub.until((s) => s.some((e) => e.tag === 'salt/key' && e.data.act === 'delete'));
    expect(seen.filter((e) => e.tag === 'salt/key').map(unstamped)).toEqual([
      { result: true, act: 'accept', id: 'web1' },
      { result: true, act: 'delete', id: 'web1' },
    ]);
  } finally {
    sub.client.close();
    await cluster.minions.get('web1')?.stop();
  }
});

describe('a minion cannot speak for another or for the master', () => {
  beforeAll(async () => {
    for (const id of ['m1', 'm2']) cluster.startMinion(id);
    await cluster.acceptAll(['m1', 'm2']);
  });

  test.each([
    ['salt/minion/m2/start', /the master alone fires tags under salt\//],
    ['salt/job/20260101000000000000/ret/m2', /the master alone fires tags under salt\//],
    ['salt/key', /the master alone fires tags under salt\//],
    ['salt/auth', /the master alone fires tags under salt\//],
    ['minion_start', /the master alone fires "minion_start"/],
    ['20260101000000000000', /the master alone fires "20260101000000000000"/],
  ])('event.send %s is refused with the reason, and never reaches the bus', async (tag, why) => {
    const sub = await subscribe();
    try {
      const r = await cluster.run('salt', ['m1', 'event.send', tag, 'x=1']);
      expect(r.code).not.toBe(0);
      expect(r.stdout).toMatch(/^m1:\n    ERROR executing 'event.send': Event ".*" refused: /);
      expect(r.stdout).toMatch(why);
      // Wait for the job's return: the refused event would have been fired before it, with m1's id (m2's own
      // start event may still be arriving).
      const seen = await sub.until(has(/^salt\/job\/\d{20}\/ret\/m1$/));
      expect(seen.filter((e) => e.tag === tag && e.data.id === 'm1')).toEqual([]);
    } finally {
      sub.client.close();
    }
  });

  test("salt-run state.event prints a minion's event as Salt's: tag<TAB>json of the load, keys in Salt's order", async () => {
    const mark = cluster.master.output.length;
    const watcher = spawn(process.execPath, [path.join(BIN, 'salt-run.js'), '-c', cluster.masterDir, 'state.event', 'myco/*', 'count=1'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const done = finished(watcher);
    await cluster.master.waitFor(/Event bus: a subscriber joined/, 15000, mark);
    expect((await cluster.run('salt', ['m1', 'event.send', 'myco/build/success', '{"build": 1234, "ok": true}'])).stdout).toBe('m1:\n    True\n');
    const r = await done;
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^myco\/build\/success\t\{"id": "m1", "cmd": "_minion_event", "pretag": null, "data": \{"build": 1234, "ok": true\}, "tag": "myco\/build\/success", "_stamp": "[^"]+"\}\nNone\n$/,
    );
  });

  test('a tag with a newline (which would forge a state.event line) is refused', async () => {
    const r = await cluster.run('salt', ['m1', 'event.fire_master', '{}', 'my/x\nsalt/key\t{"act": "delete"}']);
    expect(r.stdout).toMatch(/refused: an event tag may not hold control characters/);
  });

  test("the event's id is the sender's whatever the data or preload say; its own salt/minion/<id>/ tags are allowed", async () => {
    const sub = await subscribe();
    try {
      expect((await cluster.run('salt', ['m1', 'event.send', 'salt/minion/m1/custom', 'id=m2'])).stdout).toBe('m1:\n    True\n');
      const pre = await cluster.run('salt', ['m1', 'event.fire_master', '{"id": "m2"}', 'my/pre', 'preload={"id": "m2", "cmd": "x", "extra": 1}']);
      expect(pre.stdout).toBe('m1:\n    True\n');
      const seen = await sub.until((s) => has('salt/minion/m1/custom')(s) && has('my/pre')(s));
      expect(unstamped(seen.find((e) => e.tag === 'salt/minion/m1/custom')!)).toEqual({
        id: 'm1', cmd: '_minion_event', pretag: null, data: { id: 'm2' }, tag: 'salt/minion/m1/custom',
      });
      expect(unstamped(seen.find((e) => e.tag === 'my/pre')!)).toEqual({ id: 'm1', tag: 'my/pre', data: { id: 'm2' }, cmd: '_minion_event', extra: 1 });
    } finally {
      sub.client.close();
    }
  });

  test('event.fire says brine minions have no local bus; with file_client: local nothing is sent', async () => {
    const fire = await cluster.run('salt', ['m1', 'event.fire', '{}', 'x']);
    expect(fire.stdout).toBe("m1:\n    ERROR: brine minions have no local event bus: event.fire is not available. Use event.send or event.fire_master to fire on the master's bus\n");
    const local = await cluster.run('salt-call', ['--local', 'event.fire_master', '{}', 'x'], { configDir: cluster.minionDir('m1') });
    expect(local.stdout).toBe('local:\n    False\n');
    expect(local.stderr).toContain('Local mode detected. Event with tag x will NOT be sent.');
  });
});
