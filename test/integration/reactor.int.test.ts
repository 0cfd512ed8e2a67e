/**
 * The reactor with real daemons: on `salt/minion/<id>/start` a state is applied
 * to that minion (the key accepted by salt-key, or by a wheel.key.accept
 * reaction on `salt/auth`, Salt's autoaccept recipe); a runner reaction runs
 * salt-run as user Reactor; a broken SLS logs its file and line and the master
 * keeps running; and the loop guard keeps a `salt/job/*\/ret/*` reactor that
 * publishes jobs from reacting to its own jobs' returns.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { JobRecord } from '@brine/core/protocol/v1/loads';
import { Cluster } from './helpers/cluster';

let cluster: Cluster;
let dir: string;

/** Poll `f` until it returns a value (not undefined), failing after `ms`. */
async function eventually<T>(what: string, f: () => Promise<T | undefined> | T | undefined, ms = 20000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${cluster.master.output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const jobs = (): Promise<JobRecord[]> => cluster.withClient((c) => c.list_jobs({ limit: 1000 }));

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'brine-reactor-'));
  const write = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  };
  write('states/reacted.sls', `#!jinja|yaml\nreacted:\n  file.managed:\n    - name: ${dir}/out/{{ grains['id'] }}\n    - makedirs: true\n    - contents: reacted to {{ grains['id'] }}\n`);
  write('reactor/start.sls', "#!jinja|yaml\napply_on_start:\n  local.state.apply:\n    - tgt: {{ data['id'] }}\n    - args:\n      - mods: reacted\n");
  write('reactor/broken.sls', 'broken:\n  local.test.ping:\n    - tgt: [unclosed\n');
  write('reactor/auth.sls', "#!jinja|yaml\n{% if data['act'] == 'pend' and data['id'] == 'auto1' %}\naccept_auto1:\n  wheel.key.accept:\n    - args:\n      - match: {{ data['id'] }}\n{% endif %}\n");
  write('reactor/key.sls', 'who_is_up:\n  runner.manage.up: []\n');
  write('reactor/ping.sls', "#!jinja|yaml\nping_back:\n  local.test.ping:\n    - tgt: {{ data['id'] }}\n");
  cluster = await Cluster.start({
    master: {
      file_roots: { base: [path.join(dir, 'states')] },
      reactor: [
        { 'salt/minion/*/start': [path.join(dir, 'reactor/start.sls'), path.join(dir, 'reactor/broken.sls')] },
        { 'salt/auth': path.join(dir, 'reactor/auth.sls') },
        { 'salt/key': [path.join(dir, 'reactor/key.sls')] },
        { 'salt/job/*/ret/*': [path.join(dir, 'reactor/ping.sls')] },
      ],
    },
  });
});

afterAll(async () => {
  await cluster?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('a key accepted by salt-key, or by a wheel.key.accept reaction on salt/auth, gets its state applied on salt/minion/<id>/start', async () => {
  cluster.startMinion('auto1');
  cluster.startMinion('m1');
  // auto1: accepted by the reactor on its first salt/auth (act pend).
  await cluster.authenticated(['auto1']);
  // m1: nobody accepts it but the admin.
  await cluster.minions.get('m1')!.waitFor(/Waiting for the master to accept/);
  const r = await cluster.run('salt-key', ['-a', 'm1', '-y']);
  expect(r.stdout).toContain('Key for minion m1 accepted.');
  await cluster.authenticated(['m1']);

  for (const id of ['auto1', 'm1']) {
    const job = await eventually(`the state.apply job of ${id}`, async () => (await jobs()).find((j) => j.fun === 'state.apply' && j.tgt === id));
    expect(job).toMatchObject({ user: 'Reactor', tgt_type: 'glob', arg: [], kwarg: { mods: 'reacted' }, minions: [id] });
    const ret = await eventually(`the return of ${job.jid}`, async () => (await cluster.jobReturns(job.jid)).get(id));
    expect([ret.retcode, JSON.stringify(ret.return)]).toEqual([0, expect.stringContaining('"result":true')]);
    expect(fs.readFileSync(path.join(dir, 'out', id), 'utf8')).toBe(`reacted to ${id}\n`);
  }
  // The wheel reaction's salt/key event is the reactor's own: no runner reaction for it.
  expect(cluster.master.output).toMatch(/Reactor 'accept_auto1' .*wheel\.key\.accept acted on auto1/);
  expect(cluster.master.output).toContain('Reactor: not reacting to salt/key: a reaction fired it');
});

test('a runner reaction runs salt-run as user Reactor, whose jobs the reactor does not react to', async () => {
  // salt-key -a m1 (above) fired salt/key: key.sls runs `salt-run manage.up`, which pings every minion.
  const run = await eventually('the runner job', async () => (await jobs()).find((j) => j.fun === 'runner.manage.up'));
  expect(run.user).toBe('Reactor');
  const ping = (await jobs()).find((j) => j.fun === 'test.ping' && j.tgt === '*');
  expect(ping?.user).toBe('Reactor');
  await cluster.master.waitFor(new RegExp(`Reactor: not reacting to salt/job/${ping!.jid}/ret/m1: its job or run is the reactor's own`));
  await cluster.master.waitFor(/Reactor 'who_is_up' \(.*key\.sls\): runner\.manage\.up finished/);
});

test('a broken reactor SLS is logged with its file and line; the other files of the tag still run, and the master runs on', async () => {
  const broken = path.join(dir, 'reactor/broken.sls');
  expect(cluster.master.output).toMatch(new RegExp(`Reactor: Failed to render "${broken}" at line \\d+: `));
  expect(cluster.master.proc.exitCode).toBeNull();
  const r = await cluster.run('salt', ['auto1', 'test.ping']);
  expect(r.stdout).toContain('True');
});

test('loop guard: a salt/job/*/ret/* reactor publishing a job reacts to an admin job once, never to its own jobs', async () => {
  const mark = cluster.master.output.length;
  const r = await cluster.run('salt', ['m1', 'test.arg', 'loop']);
  expect(r.code).toBe(0);
  const admin = (await jobs()).find((j) => j.fun === 'test.arg' && j.tgt === 'm1')!;
  expect(admin.user).not.toBe('Reactor');
  const pingBacks = async () => (await jobs()).filter((j) => j.fun === 'test.ping' && j.tgt === 'm1' && j.user === 'Reactor' && j.jid > admin.jid);
  // The admin's job's return: one ping_back job. Its return is the reactor's own: no second one.
  const [own] = await eventually('the ping_back job', async () => ((await pingBacks()).length > 0 ? pingBacks() : undefined));
  await cluster.master.waitFor(new RegExp(`Reactor: not reacting to salt/job/${own.jid}/ret/m1: its job or run is the reactor's own`), 15000, mark);
  expect((await pingBacks()).map((j) => j.jid)).toEqual([own.jid]);
});
