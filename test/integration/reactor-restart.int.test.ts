/**
 * The reactor across a crash of the master (SIGKILL, nothing flushed): events
 * queued behind a slow reaction when the master dies are reacted to after it
 * restarts, none lost (read back from the persistent event log from the
 * reactor's saved position); and the loop guard holds across the restart: an
 * event a reaction fired before the crash is not reacted to when the log is
 * read back, though the reaction that fired it runs again (at-least-once).
 *
 * The slow reaction is `runner.manage.up` while an accepted minion (`ghost`)
 * is down: salt-run waits the master's `timeout` for its answer.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { JobRecord } from '@brine/core/protocol/v1/loads';
import { Cluster } from './helpers/cluster';

let cluster: Cluster;
let dir: string;

/** Poll `f` until it returns a value (not undefined), failing after `ms`. */
async function eventually<T>(what: string, f: () => Promise<T | undefined> | T | undefined, ms = 60000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${cluster.master.output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The master's event log on disk, all segments. */
const eventLogText = (): string => {
  const dir = path.join(cluster.masterDir, 'var', 'cache', 'salt', 'master', 'events');
  return fs.readdirSync(dir).map((f) => fs.readFileSync(path.join(dir, f), 'utf8')).join('');
};

const jobs = (): Promise<JobRecord[]> => cluster.withClient((c) => c.list_jobs({ limit: 1000 }));

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'brine-reactor-restart-'));
  const write = (rel: string, text: string) => fs.writeFileSync(path.join(dir, rel), text);
  // n=1 is slow: the events after it wait behind it (one tag runs one event at a time).
  write(
    'queue.sls',
    "#!jinja|yaml\n{% if data['data']['n'] == 1 %}\nslow:\n  runner.manage.up:\n    - order: 1\n{% endif %}\nmark:\n  local.test.arg:\n    - tgt: m1\n    - arg: [reacted, {{ data['data']['n'] }}]\n    - order: 2\n",
  );
  // A loop without the guard: accepting flipme rejects it, rejecting it accepts it... `hold` keeps the event unfinished.
  write(
    'flip.sls',
    "#!jinja|yaml\n{% if data['id'] == 'flipme' %}\nflip:\n{% if data['act'] == 'accept' %}\n  wheel.key.reject:\n    - args:\n      - match: flipme\n      - include_accepted: true\n{% else %}\n  wheel.key.accept:\n    - args:\n      - match: flipme\n      - include_rejected: true\n{% endif %}\n    - order: 1\nhold:\n  runner.manage.up:\n    - order: 2\n{% endif %}\n",
  );
  cluster = await Cluster.start({
    master: {
      timeout: 15,
      gather_job_timeout: 2,
      reactor: [{ 'salt/minion/m1/queue': [path.join(dir, 'queue.sls')] }, { 'salt/key': [path.join(dir, 'flip.sls')] }],
    },
  });
  cluster.startMinion('m1');
  cluster.startMinion('ghost');
  await cluster.acceptAll(['m1', 'ghost']);
  await cluster.minions.get('ghost')!.stop();
});

afterAll(async () => {
  await cluster?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const send = (n: number) => cluster.run('salt', ['m1', 'event.send', 'salt/minion/m1/queue', `n=${n}`]);
const marks = async () => (await jobs()).filter((j) => j.fun === 'test.arg' && j.user === 'Reactor' && j.arg[0] === 'reacted').map((j) => j.arg[1]);

test('events queued behind a slow reaction when the master is killed are all reacted to after it restarts', async () => {
  expect((await send(1)).code).toBe(0);
  // manage.up's ping: the slow reaction runs (it waits for ghost's answer).
  await eventually('the slow runner reaction', async () => (await jobs()).find((j) => j.fun === 'test.ping' && j.user === 'Reactor'));
  const sent = await Promise.all([2, 3, 4].map(send));
  expect(sent.map((r) => r.code)).toEqual([0, 0, 0]);
  // Still behind the slow reaction: nothing reacted to yet.
  expect(await marks()).toEqual([]);
  // The position is saved within a second of moving (events finished in that second are read back again, as
  // documented): killed once it is past the key events of the start, exactly the 4 queued events are read back.
  const seqs = (tag: string) => eventLogText().split('\n').filter((l) => l.includes(`,"${tag}",`)).map((l) => (JSON.parse(l) as [number])[0]);
  const lastKey = Math.max(...seqs('salt/key'));
  const position = path.join(cluster.masterDir, 'var', 'cache', 'salt', 'master', 'reactor', 'position.json');
  await eventually('the reactor position saved past the key events', () => {
    try {
      return (JSON.parse(fs.readFileSync(position, 'utf8')) as { next: number }).next > lastKey ? true : undefined;
    } catch {
      return undefined;
    }
  });
  await cluster.restartMaster({ kill: true });
  await cluster.master.waitFor(/Reactor: caught up from event \d+ to \d+: 4 event\(s\) the map wants read back/, 20000);
  const all = await eventually('a reaction to each of the 4 events', async () => {
    const m = await marks();
    return [1, 2, 3, 4].every((n) => m.includes(n)) ? m : undefined;
  });
  // At-least-once: the slow event, unfinished at the crash, may be reacted to twice; no other event is.
  expect([...new Set(all)].sort()).toEqual([1, 2, 3, 4]);
  expect(all.filter((n) => n !== 1)).toHaveLength(3);
});

test('loop guard across a crash: the event a reaction fired before it is not reacted to when the log is read back', async () => {
  cluster.startMinion('flipme');
  await cluster.minions.get('flipme')!.waitFor(/Waiting for the master to accept/);
  const mark = cluster.master.output.length;
  expect((await cluster.run('salt-key', ['-a', 'flipme', '-y'])).code).toBe(0);
  // The reaction rejected flipme (its salt/key event refused live), and holds the admin's event unfinished.
  await cluster.master.waitFor(/Reactor 'flip' \(.*flip\.sls\): wheel\.key\.reject acted on flipme/, 15000, mark);
  await cluster.master.waitFor(/Reactor: not reacting to salt\/key: a reaction fired it/, 15000, mark);
  // The reaction's event is written on the turn after it fired (a kill before that loses it, as documented): on disk first.
  await eventually('the reaction\'s salt/key reject in the event log', () => (eventLogText().includes('"salt/key",{"result":true,"act":"reject","id":"flipme"') ? true : undefined), 15000);
  await cluster.restartMaster({ kill: true });
  // Read back: the admin's accept (its reactions run again) and the reaction's reject, refused as the reactor's own.
  await cluster.master.waitFor(/Reactor: caught up from event \d+ to \d+: 2 event\(s\) the map wants read back/, 20000);
  expect(cluster.master.output).toMatch(/Reactor: not reacting to salt\/key: a reaction fired it/);
  await cluster.master.waitFor(/Reactor 'hold' \(.*flip\.sls\): runner\.manage\.up (finished|failed)/, 30000);
  const keys = await cluster.run('salt-key', ['-L', '--out', 'json']);
  const listed = JSON.parse(keys.stdout) as Record<string, string[]>;
  expect(listed.minions_rejected).toContain('flipme');
  expect(listed.minions).not.toContain('flipme');
  await cluster.minions.get('flipme')!.stop();
});
