/**
 * state.apply end to end (issue 4) with the shipped example tree
 * (examples/srv): templates from grains and pillar served over the master's
 * file server, a user, directories, a command run only when a managed file
 * changed; test=True first, then for real, then again with no changes, and a
 * failing SLS with Salt's requisite message and exit code.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Cluster, REPO } from './helpers/cluster';

const IDS = ['minion1', 'minion2'];
const asRoot = process.getuid?.() === 0;
let cluster: Cluster;
const www = (id: string) => path.join(cluster.minionDir(id), 'srv', 'www');
const user = (id: string) => `brweb-${id}`;

beforeAll(async () => {
  cluster = await Cluster.start({
    master: { file_roots: { base: [path.join(REPO, 'examples/srv/salt')] }, pillar_roots: { base: [path.join(REPO, 'examples/srv/pillar')] }, timeout: 30 },
  });
  for (const id of IDS) cluster.startMinion(id, { grains: { brine_demo_users: asRoot } });
  await cluster.acceptAll(IDS);
});

afterAll(async () => {
  if (asRoot) for (const id of IDS) spawnSync('userdel', [user(id)]);
  await cluster?.stop();
});

test('test=True shows what would change and changes nothing', async () => {
  const r = await cluster.run('salt', ['*', 'state.apply', 'test=True']);
  expect(r.code).toBe(0);
  for (const id of IDS) {
    expect(r.stdout).toContain(`${id}:\n----------\n          ID: web_dir\n    Function: file.directory\n        Name: ${www(id)}\n      Result: None\n`);
    expect(r.stdout).toMatch(new RegExp(`Summary for ${id}\n-{12}\nSucceeded: \\d+ \\(unchanged=\\d+, changed=\\d+\\)?`));
    expect(fs.existsSync(www(id))).toBe(false);
  }
});

test('state.apply reaches the described state, rendering templates from grains and pillar', async () => {
  const r = await cluster.run('salt', ['*', 'state.apply']);
  expect(r.code).toBe(0);
  expect(r.stderr).toBe('');
  for (const id of IDS) {
    const conf = fs.readFileSync(path.join(www(id), 'site.conf'), 'utf8');
    expect(conf).toContain('listen 8080;');
    expect(conf).toContain(`root ${www(id)};`);
    expect(conf).toContain(`${os.cpus().length} CPU(s)`);
    expect(fs.readFileSync(path.join(www(id), 'index.html'), 'utf8')).toBe(`<h1>Welcome to brine on ${id} (${(await grain(id, 'os'))} ${await grain(id, 'osrelease')})</h1>\n`);
    expect(fs.statSync(path.join(www(id), 'site.conf')).mode & 0o777).toBe(0o644);
    expect(fs.existsSync(path.join(www(id), 'reloaded'))).toBe(true);
    expect(r.stdout).toContain(`          ID: web_conf\n    Function: file.managed\n        Name: ${path.join(www(id), 'site.conf')}\n      Result: True\n     Comment: File ${path.join(www(id), 'site.conf')} updated\n`);
    expect(r.stdout).toMatch(new RegExp(`          ID: web_reload\\n    Function: cmd.run\\n.*\\n      Result: True\\n     Comment: Command "date`));
    if (asRoot) expect(spawnSync('getent', ['passwd', user(id)]).status).toBe(0);
  }
});

async function grain(id: string, name: string): Promise<string> {
  const r = await cluster.run('salt', [id, 'grains.get', name, '--out', 'json']);
  return String(JSON.parse(r.stdout)[id]);
}

test('a second run changes nothing, and the onchanges command does not run', async () => {
  const before = fs.readFileSync(path.join(www('minion1'), 'reloaded'), 'utf8');
  const r = await cluster.run('salt', ['*', 'state.apply']);
  expect(r.code).toBe(0);
  expect(r.stdout).not.toContain('changed=');
  expect(r.stdout).toContain('Comment: The directory ' + www('minion1') + ' is in the correct state');
  expect(r.stdout).toContain('Comment: State was not run because none of the onchanges reqs changed');
  expect(fs.readFileSync(path.join(www('minion1'), 'reloaded'), 'utf8')).toBe(before);
});

test('a failing SLS reports Salt comments, a requisite failure and exit code 1', async () => {
  const r = await cluster.run('salt', ['minion1', 'state.apply', 'broken']);
  expect(r.code).toBe(1);
  expect(r.stderr).toBe('ERROR: Minions returned with non-zero exit code\n');
  expect(r.stdout).toContain('          ID: fail_cmd\n    Function: cmd.run\n        Name: /bin/false\n      Result: False\n     Comment: Command "/bin/false" run\n');
  expect(r.stdout).toContain('          ID: fail_requisite\n    Function: cmd.run\n        Name: echo never\n      Result: False\n     Comment: One or more requisite failed: broken.fail_cmd\n');
  expect(r.stdout).toMatch(/Summary for minion1\n-{12}\nSucceeded: 0 \(changed=1\)\nFailed: {4}2\n/);
});

test('salt-call takes pillar and salt:// files from the master; show_sls shows the compiled data; state.single runs one state', async () => {
  const pillar = await cluster.run('salt-call', ['pillar.get', 'web:port'], { configDir: cluster.minionDir('minion2') });
  expect(pillar).toEqual({ code: 0, stdout: 'local:\n    8080\n', stderr: '' });
  const files = await cluster.run('salt-call', ['cp.list_master', '--out', 'json'], { configDir: cluster.minionDir('minion2') });
  expect(JSON.parse(files.stdout).local).toEqual(['broken/init.sls', 'top.sls', 'web/files/site.conf.hbs', 'web/init.sls']);
  const show = await cluster.run('salt', ['minion2', 'state.show_sls', 'web', '--out', 'json']);
  const data = JSON.parse(show.stdout).minion2;
  expect(data.web_conf.file).toEqual(expect.arrayContaining(['managed']));
  const single = await cluster.run('salt', ['minion2', 'state.single', 'file.touch', `name=${path.join(www('minion2'), 'touched')}`]);
  expect(single.code).toBe(0);
  expect(fs.existsSync(path.join(www('minion2'), 'touched'))).toBe(true);
});
