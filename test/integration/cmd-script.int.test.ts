/**
 * cmd.script end to end: two minions fetch a script from the master's file
 * server (salt://), run it with arguments, in a working directory with extra
 * environment, and report Salt's {pid, retcode, stderr, stdout}; a failing
 * script sets the job's retcode, and a missing one gives Salt's cache_error.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Cluster } from './helpers/cluster';

const IDS = ['minion1', 'minion2'];
let cluster: Cluster;
let roots: string;

beforeAll(async () => {
  roots = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'brine-script-')));
  fs.mkdirSync(path.join(roots, 'scripts'));
  fs.writeFileSync(path.join(roots, 'scripts/hello.sh'), '#!/bin/sh\necho "hello from hello.sh, args: $*"\necho "a line on stderr" >&2\nexit 0\n');
  fs.writeFileSync(path.join(roots, 'scripts/where.sh'), '#!/bin/sh\necho "$PWD $GREETING"\nexit 3\n');
  cluster = await Cluster.start({ master: { file_roots: { base: [roots] }, timeout: 30 } });
  for (const id of IDS) cluster.startMinion(id);
  await cluster.acceptAll(IDS);
});

afterAll(async () => {
  await cluster?.stop();
  fs.rmSync(roots, { recursive: true, force: true });
});

test('each minion runs the salt:// script with its arguments', async () => {
  const r = await cluster.run('salt', ['*', 'cmd.script', 'salt://scripts/hello.sh', 'one two', '--out', 'json', '--static']);
  expect(r.code).toBe(0);
  const ret = JSON.parse(r.stdout) as Record<string, unknown>;
  for (const id of IDS) {
    expect(ret[id]).toEqual({ pid: expect.any(Number), retcode: 0, stderr: 'a line on stderr', stdout: 'hello from hello.sh, args: one two' });
  }
});

test('cwd and env reach the script; its exit code becomes the job retcode', async () => {
  const cwd = path.join(roots, 'work');
  fs.mkdirSync(cwd, { recursive: true });
  const r = await cluster.run('salt', ['minion1', 'cmd.script', 'salt://scripts/where.sh', `cwd=${cwd}`, 'env={GREETING: hi}', '--out', 'json']);
  expect(JSON.parse(r.stdout)).toEqual({ minion1: { pid: expect.any(Number), retcode: 3, stderr: '', stdout: `${cwd} hi` } });
  expect(r.code).toBe(1);
  expect(fs.readdirSync(cwd)).toEqual([]);
});

test("a missing script gives Salt's cache_error answer", async () => {
  const r = await cluster.run('salt', ['minion2', 'cmd.script', 'salt://scripts/nosuch.sh', '--out', 'json']);
  expect(JSON.parse(r.stdout)).toEqual({ minion2: { pid: 0, retcode: 1, stdout: '', stderr: '', cache_error: true } });
});
