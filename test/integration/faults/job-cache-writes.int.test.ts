/**
 * A job cache that refuses writes (its data file made immutable, as a full
 * or failing disk would) costs the jobs that cannot be stored, with an error
 * that says why, and nothing else: the master stays up and keeps answering,
 * returns are refused rather than acknowledged, and they arrive once the
 * job cache can write again. Needs root and a file system with chattr
 * (ext4 here); skipped elsewhere.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { until } from '../../unit/helpers/until';
import { Cluster } from '../helpers/cluster';

/** True when `chattr +i` works here (root, and a file system that has the attribute). */
function canMakeImmutable(): boolean {
  const probe = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'chattr-')), 'probe');
  try {
    fs.writeFileSync(probe, '');
    execFileSync('chattr', ['+i', probe], { stdio: 'ignore' });
    execFileSync('chattr', ['-i', probe], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  } finally {
    fs.rmSync(path.dirname(probe), { recursive: true, force: true });
  }
}

let cluster: Cluster;
let data: string;
const immutable = (on: boolean) => execFileSync('chattr', [on ? '+i' : '-i', data]);

beforeAll(async () => {
  if (!canMakeImmutable()) return;
  cluster = await Cluster.start();
  cluster.startMinion('m1', { return_retry_tries: 60, return_retry_timer: 0.5 });
  await cluster.acceptAll(['m1']);
  data = path.join(cluster.masterDir, 'var/cache/salt/master/jobs/data.mdb');
});

afterAll(async () => {
  if (data) immutable(false);
  await cluster?.stop();
});

(canMakeImmutable() ? test : test.skip)('the master stays up while its job cache refuses writes, and the returns arrive once it can write', async () => {
  const started = await cluster.run('salt', ['m1', 'test.sleep', '1', '--async']);
  const jid = /job ID: (\d{20})/.exec(started.stdout)![1];
  immutable(true);
  try {
    const refused = await cluster.run('salt', ['m1', 'test.ping']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^ERROR: The master cannot store the job in its job cache, so it was not published: .*cannot open data\.mdb for writing: EPERM/m);
    await cluster.master.waitFor(/Cannot store job \d+ \(test\.ping\) in the job cache, so it was not published: .*EPERM/);
    // The return of the job started before is refused, never acknowledged: the minion keeps it.
    await cluster.master.waitFor(new RegExp(`Cannot store the return of m1 for job ${jid}: .*cannot open data\\.mdb for writing`));
    await cluster.minions.get('m1')!.waitFor(new RegExp(`Return of job ${jid} kept in the spool`));
    // Still serving: reading keys and the job cache needs no write.
    const keys = await cluster.run('salt-key', ['-L']);
    expect(keys.stdout).toContain('Accepted Keys:\nm1\n');
    expect(cluster.master.proc.exitCode).toBeNull();
  } finally {
    immutable(false);
  }
  await cluster.withClient((c) => until(async () => (await c.job_returns({ jid })).returns.length > 0, `a return of job ${jid}`, 20000));
  const returns = [...(await cluster.jobReturns(jid)).values()];
  expect(returns.map((r) => [r.id, r.return])).toEqual([['m1', true]]);
  const ping = await cluster.run('salt', ['m1', 'test.ping']);
  expect([ping.code, ping.stdout]).toEqual([0, 'm1:\n    True\n']);
  expect(cluster.master.output).not.toMatch(/CRITICAL|stops on an/);
}, 60_000);
