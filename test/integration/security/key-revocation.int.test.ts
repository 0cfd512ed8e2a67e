/**
 * A deleted or rejected key stops working whether or not the master heard
 * salt-key say so: deleted while the master is frozen (SIGSTOP), or removed
 * by hand. The removed minion runs nothing more
 * and its returns are refused, and the others carry on.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Cluster } from '../helpers/cluster';

let cluster: Cluster;
const acceptedKey = (id: string) => path.join(cluster.masterDir, 'etc/salt/pki/master/minions', id);

/** The ids that answered `salt '*' test.ping`, and the jid. */
async function pingAll(): Promise<{ ids: string[]; jid: string }> {
  const r = await cluster.run('salt', ['*', 'test.ping', '--out', 'txt', '--show-jid', '-t', '3']);
  const jid = /^jid: (\d{20})$/m.exec(r.stdout)![1];
  const ids = r.stdout.split('\n').filter((l) => l.endsWith(': True')).map((l) => l.slice(0, -': True'.length)).sort();
  return { ids, jid };
}

beforeAll(async () => {
  cluster = await Cluster.start({ master: { timeout: 3, gather_job_timeout: 2 } });
  for (const id of ['m1', 'm2', 'm3', 'm4', 'm5']) cluster.startMinion(id);
  await cluster.acceptAll(['m1', 'm2', 'm3', 'm4', 'm5']);
});

afterAll(async () => {
  if (cluster?.master.proc.pid) process.kill(cluster.master.proc.pid, 'SIGCONT');
  await cluster?.stop();
});

test('a key deleted while the master is frozen stops working once it resumes', async () => {
  process.kill(cluster.master.proc.pid!, 'SIGSTOP');
  try {
    const del = await cluster.run('salt-key', ['-d', 'm2', '-y']);
    expect(del.stdout).toBe('Key for minion m2 deleted.\n');
  } finally {
    process.kill(cluster.master.proc.pid!, 'SIGCONT');
  }
  const { ids, jid } = await pingAll();
  expect(ids).toEqual(['m1', 'm3', 'm4', 'm5']);
  // m2 never ran it: the job was sealed with a session key rotated after its key went away.
  expect(cluster.minions.get('m2')!.output).not.toContain(`Executing job ${jid}`);
  expect((await cluster.jobReturns(jid)).has('m2')).toBe(false);
});

test('a key file removed by hand stops working at the next job, and the session key rotates', async () => {
  fs.rmSync(acceptedKey('m3'));
  const { ids, jid } = await pingAll();
  expect(ids).toEqual(['m1', 'm4', 'm5']);
  expect(cluster.minions.get('m3')!.output).not.toContain(`Executing job ${jid}`);
  await cluster.master.waitFor(/Session key rotated after the key of m3 was removed/);
});

test('a key replaced under the same id while the master is frozen stops the old holder', async () => {
  process.kill(cluster.master.proc.pid!, 'SIGSTOP');
  try {
    // Deleted, then another key accepted as m5: the same id, another key file.
    const other = fs.readFileSync(acceptedKey('m1'));
    fs.rmSync(acceptedKey('m5'));
    fs.writeFileSync(acceptedKey('m5'), other);
  } finally {
    process.kill(cluster.master.proc.pid!, 'SIGCONT');
  }
  const { ids, jid } = await pingAll();
  expect(ids).toEqual(['m1', 'm4']);
  expect(cluster.minions.get('m5')!.output).not.toContain(`Executing job ${jid}`);
  await cluster.master.waitFor(/Session key rotated after the key of m5 was removed/);
});

test('a key rejected while the master is stopped is refused when it starts', async () => {
  await cluster.master.stop();
  const rej = await cluster.run('salt-key', ['-r', 'm4', '-y', '--include-accepted']);
  expect(rej.stdout).toBe('Key for minion m4 rejected.\n');
  const m1 = cluster.minions.get('m1')!;
  const m4 = cluster.minions.get('m4')!;
  const marks = { m1: m1.output.length, m4: m4.output.length };
  await cluster.restartMaster();
  // Back on the publish port, each minion asks for missed jobs, which makes it authenticate again.
  await m1.waitFor(/Authenticated with the master/, 15000, marks.m1);
  await m4.waitFor(/The Salt Master has rejected this minion's public key/, 15000, marks.m4);
  const { ids, jid } = await pingAll();
  expect(ids).toEqual(['m1']);
  expect(m4.output).not.toContain(`Executing job ${jid}`);
});
