/**
 * minion_publisher_acl through a real master and minions (issue 15): a minion whose own list allows root only
 * `test.*` answers test.ping, refuses cmd.run published by root (nothing runs, the salt CLI shows the refusal and
 * fails as for a failed return, the minion logs it) and still answers the job tracking the salt CLI publishes;
 * a minion without the list runs both.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EX_GENERIC } from '@brine/core/exit-codes';
import { Cluster } from './helpers/cluster';

const REFUSAL = "'cmd.run' is not permitted for user 'root' by this minion's minion_publisher_acl";
/** The salt CLI as root (the user the load carries), whoever runs the tests. */
const AS_ROOT = { env: { USER: 'root', SUDO_USER: '' } };
let cluster: Cluster;
let scratch: string;

beforeAll(async () => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'brine-mpacl-'));
  cluster = await Cluster.start({ master: { timeout: 5, gather_job_timeout: 5 } });
  cluster.startMinion('m1', { minion_publisher_acl: { root: ['test.*'] } });
  cluster.startMinion('m2');
  await cluster.acceptAll(['m1', 'm2']);
});

afterAll(async () => {
  await cluster?.stop();
  fs.rmSync(scratch, { recursive: true, force: true });
});

test('a minion with minion_publisher_acl runs what its list allows', async () => {
  const r = await cluster.run('salt', ['m1', 'test.ping'], AS_ROOT);
  expect(r).toMatchObject({ code: 0, stdout: 'm1:\n    True\n' });
});

test('it refuses what its list does not allow, though root published it: nothing runs, and the CLI shows why', async () => {
  const file = path.join(scratch, 'm1-touched');
  const m1 = cluster.minions.get('m1')!;
  const from = m1.output.length;
  const r = await cluster.run('salt', ['m1', 'cmd.run', `touch ${file}`], AS_ROOT);
  expect(r.stdout).toBe(`m1:\n    ${REFUSAL}\n`);
  expect(r.code).toBe(EX_GENERIC);
  expect(r.stdout).not.toContain('did not return');
  expect(fs.existsSync(file)).toBe(false);
  // The minion's warning names the jid, the function and the user.
  await m1.waitFor(new RegExp(`Refusing job \\d{20}: ${REFUSAL.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`), 5000, from);
  // The master's job cache keeps the refusal as the minion's return.
  const jid = /Refusing job (\d{20})/.exec(m1.output.slice(from))![1];
  expect((await cluster.jobReturns(jid)).get('m1')).toMatchObject({ fun: 'cmd.run', return: REFUSAL, retcode: EX_GENERIC, success: false });
});

test('job tracking still works under the list: the CLI follows a job past its timeout with saltutil.find_job', async () => {
  // -t 1 with a 3 s job: the CLI asks m1 with saltutil.find_job, which root may not run by m1's list, and m1 answers.
  const r = await cluster.run('salt', ['m1', 'test.sleep', '3', '-t', '1'], AS_ROOT);
  expect(r).toMatchObject({ code: 0, stdout: 'm1:\n    True\n' });
  const running = await cluster.run('salt', ['m1', 'saltutil.running'], AS_ROOT);
  expect(running).toMatchObject({ code: 0, stdout: 'm1:\n' });
});

test('a minion without the list runs both', async () => {
  const file = path.join(scratch, 'm2-touched');
  expect(await cluster.run('salt', ['m2', 'test.ping'], AS_ROOT)).toMatchObject({ code: 0, stdout: 'm2:\n    True\n' });
  const r = await cluster.run('salt', ['m2', 'cmd.run', `touch ${file}`], AS_ROOT);
  expect(r.code).toBe(0);
  expect(fs.existsSync(file)).toBe(true);
});
