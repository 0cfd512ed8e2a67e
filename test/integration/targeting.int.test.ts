/**
 * Targeting, pillar, long jobs and batches through a real master and minions
 * (issue 3): every target type with the master's expected-minion set right,
 * malformed targets refused before publishing, per-minion pillar that no other
 * minion can read, find_job keeping a long job alive past -t, and batches.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Cluster } from './helpers/cluster';
import { HandMinion } from './helpers/hand-minion';

const IDS = ['web1', 'web2', 'db1', 'db2', 'db3'];
const ROLES: Record<string, string> = { web1: 'web', web2: 'web', db1: 'db', db2: 'db', db3: 'db' };
let cluster: Cluster;
let pillarRoot: string;

/** Minion ids in the order salt printed them. */
const printed = (stdout: string) => stdout.split('\n').filter((l) => /^\S+:$/.test(l)).map((l) => l.slice(0, -1));

beforeAll(async () => {
  pillarRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'brine-pillar-'));
  const files: Record<string, string> = {
    'top.sls': "base:\n  '*':\n    - common\n  'role:web':\n    - match: grain\n    - web\n  web1:\n    - secret\n  db3:\n    - broken\n",
    'common.sls': 'include:\n  - shared\nmotd: hello {{grains.id}}\n',
    'shared.sls': 'dns:\n  servers: [10.0.0.1]\n',
    'web.sls': 'tier: frontend\n',
    'secret.sls': 'password: hunter2\n',
    'broken.sls': 'ok: 1\nbad: [unclosed\n',
  };
  for (const [f, text] of Object.entries(files)) fs.writeFileSync(path.join(pillarRoot, f), text);
  cluster = await Cluster.start({
    master: { timeout: 2, gather_job_timeout: 2, pillar_roots: { base: [pillarRoot] }, nodegroups: { webs: 'web*', dbs: ['db1', 'db2', 'db3'], mixed: 'N@webs or L@db1' } },
  });
  for (const id of IDS) cluster.startMinion(id, { grains: { role: ROLES[id], rack: { row: id.startsWith('web') ? 'a' : 'b' } } });
  await cluster.acceptAll(IDS);
});

afterAll(async () => {
  await cluster?.stop();
  fs.rmSync(pillarRoot, { recursive: true, force: true });
});

test.each([
  [['-G', 'role:web'], ['web1', 'web2']],
  [['-G', 'rack:row:b'], ['db1', 'db2', 'db3']],
  [['-G', 'rack|row|a', '--delimiter', '|'], ['web1', 'web2']],
  [['-P', 'role:w.b'], ['web1', 'web2']],
  [['-I', 'tier:frontend'], ['web1', 'web2']],
  [['-J', 'motd:hello db[12]'], ['db1', 'db2']],
  [['-S', '127.0.0.0/8'], IDS],
  [['-N', 'dbs'], ['db1', 'db2', 'db3']],
  [['-N', 'mixed'], ['web1', 'web2', 'db1']],
  [['-C', 'G@role:web and web1 or E@db[0-9] and not L@db3'], ['web1', 'db1', 'db2']],
  [['-C', '( web* or db1 ) and not G@rack:row:a'], ['db1']],
])('salt %j selects exactly %j, and the master expects exactly those', async (flags, want) => {
  const r = await cluster.run('salt', [...flags, 'test.ping', '--out', 'txt', '-t', '5']);
  expect(r.code).toBe(0);
  expect(printed(r.stdout.replace(/: True/g, ':')).sort()).toEqual([...want].sort());
  expect(r.stdout).not.toContain('did not return');
});

test.each([
  ['G@role:web and', "'and' has no target on its right"],
  ['( web* or db1', "unclosed '(' at column 1"],
  ['X@foo', 'X@'],
])('a malformed compound %j is refused and nothing is published', async (expr, msg) => {
  // Counted through the local client: salt-run jobs.list_jobs would add its own runner job.
  const before = await cluster.withClient((c) => c.list_jobs({}));
  const r = await cluster.run('salt', ['-C', expr, 'test.ping']);
  expect(r.code).toBe(1);
  expect(r.stderr).toContain(msg);
  expect(await cluster.withClient((c) => c.list_jobs({}))).toEqual(before);
});

test('pillar is compiled per minion, merged with includes, secrets only where the top file puts them', async () => {
  const web1 = JSON.parse((await cluster.run('salt', ['web1', 'pillar.items', '--out', 'json'])).stdout).web1;
  expect(web1).toEqual({ motd: 'hello web1', dns: { servers: ['10.0.0.1'] }, tier: 'frontend', password: 'hunter2' });
  const web2 = JSON.parse((await cluster.run('salt', ['web2', 'pillar.items', '--out', 'json'])).stdout).web2;
  expect(web2).toEqual({ motd: 'hello web2', dns: { servers: ['10.0.0.1'] }, tier: 'frontend' });
  const get = await cluster.run('salt', ['db1', 'pillar.get', 'dns:servers:0']);
  expect(get.stdout).toBe('db1:\n    10.0.0.1\n');
  const cfg = await cluster.run('salt', ['db1', 'config.get', 'role']);
  expect(cfg.stdout).toBe('db1:\n    db\n');
});

test('a pillar render error names the file and line, and the rest of the pillar still arrives', async () => {
  const db3 = JSON.parse((await cluster.run('salt', ['db3', 'pillar.items', '--out', 'json'])).stdout).db3;
  expect(db3.motd).toBe('hello db3');
  expect(db3._errors).toHaveLength(1);
  expect(db3._errors[0]).toMatch(/^Rendering SLS 'broken' failed: .*line 2/s);
});

test("a minion asking for another minion's pillar gets only its own", async () => {
  const pki = (id: string) => path.join(cluster.minionDir(id), 'etc', 'salt', 'pki', 'minion');
  const web2 = await HandMinion.connect(cluster.ports.ret_port, 'web2', pki('web2'));
  try {
    // web2 claims to be web1 in every field it controls; the master compiles for the key that sealed it.
    const call = web2.seal('_pillar', { grains: { id: 'web1', role: 'web' }, id: 'web1' });
    const outcome = await web2.send(call);
    expect(outcome.ok).toBe(true);
    expect(outcome.ok && outcome.rep).not.toHaveProperty('password');
    // Asking under web1's id without web1's key is refused outright.
    await expect(web2.port.req({ id: 'web1', ...call.sealed })).rejects.toThrow('payload failed to decrypt');
  } finally {
    web2.close();
  }
  // The master caches the grains a minion reports (as Salt does): web2's real ones come back with refresh_grains.
  expect((await cluster.run('salt', ['web2', 'saltutil.refresh_grains'])).stdout).toBe('web2:\n    True\n');
  const webs = await cluster.run('salt', ['-G', 'role:web', 'test.ping', '--out', 'txt']);
  expect(webs.stdout.trim().split('\n').sort()).toEqual(['web1: True', 'web2: True']);
});

test('find_job keeps a long job alive past -t: every minion answers, none reported lost', async () => {
  const r = await cluster.run('salt', ['-L', 'web1,db1', 'cmd.run', 'sleep 5; echo done', '-t', '1', '--show-jid']);
  expect(r.code).toBe(0);
  expect(r.stdout).toContain('web1:\n    done\n');
  expect(r.stdout).toContain('db1:\n    done\n');
  expect(r.stdout).not.toContain('did not return');
  // Past -t, the CLI asked both minions with saltutil.find_job, and both said they were running the job.
  const jid = /^jid: (\d{20})$/m.exec(r.stdout)![1];
  const finds = (await cluster.withClient((c) => c.list_jobs({ limit: 1000 }))).filter((j) => j.fun === 'saltutil.find_job' && j.arg[0] === jid);
  expect(finds.length).toBeGreaterThan(0);
  const first = finds.reduce((a, b) => (a.jid < b.jid ? a : b));
  expect([...first.minions].sort()).toEqual(['db1', 'web1']);
  const answers = await cluster.jobReturns(first.jid);
  for (const id of ['web1', 'db1']) expect(answers.get(id)?.return).toMatchObject({ jid, fun: 'cmd.run' });
  const running = await cluster.run('salt', ['web1', 'saltutil.running', '--out', 'json']);
  expect(JSON.parse(running.stdout)).toEqual({ web1: [] });
});

test('a batch of 2 over 5 minions runs a rolling window, in order, with Salt output', async () => {
  const r = await cluster.run('salt', ['*', 'cmd.run', 'sleep 0.3; echo hi', '-b', '2']);
  expect(r.code).toBe(0);
  const headers = r.stdout.split('\n').filter((l) => l.startsWith('Executing run on'));
  const batched = headers.flatMap((h) => [...h.matchAll(/'([^']+)'/g)].map((m) => m[1]));
  expect(batched.sort()).toEqual([...IDS].sort());
  expect(headers[0]).toMatch(/^Executing run on \['[a-z0-9]+', '[a-z0-9]+'\]$/);
  expect(headers.every((h) => (h.match(/'/g) ?? []).length <= 4)).toBe(true);
  // Each minion's return is printed after the header that started it.
  for (const id of IDS) {
    const started = r.stdout.indexOf(`'${id}'`);
    expect(r.stdout.indexOf(`${id}:\n    hi\n`)).toBeGreaterThan(started);
  }
  const pct = await cluster.run('salt', ['*', 'test.ping', '-b', '40%']);
  expect(pct.stdout.split('\n').filter((l) => l.startsWith('Executing run on'))[0].match(/'/g)).toHaveLength(4);
});

test('--failhard stops a batch at the first failure', async () => {
  const r = await cluster.run('salt', ['-L', 'web1,web2,db1,db2', 'cmd.run', 'exit 1', '-b', '1', '--failhard']);
  expect(r.code).toBe(1);
  expect(r.stdout.split('\n').filter((l) => l.startsWith('Executing run on'))).toHaveLength(1);
});

test('salt-run jobs.active lists a running job with its minions; manage.status and manage.present report the fleet', async () => {
  const sleeping = await cluster.run('salt', ['-L', 'web1,db2', 'test.sleep', '4', '--async']);
  const jid = /(\d{20})/.exec(sleeping.stdout)![1];
  // Ask once both minions have started it.
  await Promise.all(['web1', 'db2'].map((id) => cluster.minions.get(id)!.waitFor(new RegExp(`Executing job ${jid}: test\\.sleep`))));
  const active = JSON.parse((await cluster.run('salt-run', ['jobs.active', '--out', 'json'])).stdout);
  expect(active[jid]).toMatchObject({ Function: 'test.sleep', Arguments: [4], Target: ['web1', 'db2'], 'Target-type': 'list', Returned: [] });
  expect(active[jid].Running.map((r: Record<string, number>) => Object.keys(r)[0]).sort()).toEqual(['db2', 'web1']);
  const status = JSON.parse((await cluster.run('salt-run', ['manage.status', '--out', 'json'])).stdout);
  expect(status).toEqual({ up: [...IDS].sort(), down: [] });
  const present = JSON.parse((await cluster.run('salt-run', ['manage.present', '--out', 'json'])).stdout);
  expect(present).toEqual([...IDS].sort());
  const alived = await cluster.run('salt-run', ['manage.alived', 'subset=db3,web1,ghost']);
  expect(alived.stdout).toBe('- db3\n- web1\n');
});

test("Salt's core grains: osfinger and lsb_distrib_codename match every minion of this Debian 12 host", async () => {
  const every = [...IDS].sort().map((id) => `${id}:\n    True`);
  for (const args of [['-G', 'osfinger:Debian-12'], ['-C', 'G@lsb_distrib_codename:bookworm']]) {
    const r = await cluster.run('salt', [...args, 'test.ping']);
    expect({ args, code: r.code, stderr: r.stderr }).toEqual({ args, code: 0, stderr: '' });
    expect(r.stdout.trim().split(/\n(?=\S)/).sort()).toEqual(every);
  }
});

test('grains.setval persists a grain, and the master targets it at once (the minion refreshes its grains)', async () => {
  const set = await cluster.run('salt', ['db2', 'grains.setval', 'deployed', 'canary']);
  expect(set.stdout).toBe('db2:\n    ----------\n    deployed:\n        canary\n');
  expect(fs.readFileSync(path.join(cluster.minionDir('db2'), 'grains'), 'utf8')).toBe('deployed: canary\n');
  const r = await cluster.run('salt', ['-G', 'deployed:canary', 'test.ping']);
  expect(r.stdout).toBe('db2:\n    True\n');
  expect((await cluster.run('salt', ['db2', 'grains.delkey', 'deployed'])).code).toBe(0);
  expect((await cluster.run('salt', ['-G', 'deployed:canary', 'test.ping'])).code).not.toBe(0);
});
