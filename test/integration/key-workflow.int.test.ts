/**
 * The salt-key workflow against a real master and real minions: pending keys,
 * acceptance without a minion restart, listings and fingerprints as Salt
 * prints them, and deletion rotating the session key so the deleted minion
 * gets no further jobs while the others do.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Cluster } from './helpers/cluster';

let cluster: Cluster;

beforeAll(async () => {
  cluster = await Cluster.start();
  for (const id of ['minion1', 'minion2', 'minion3']) cluster.startMinion(id);
  for (const id of ['minion1', 'minion2', 'minion3']) await cluster.minions.get(id)!.waitFor(/Waiting for the master to accept/);
});

afterAll(async () => {
  await cluster?.stop();
});

test('new keys are pending and listed as Salt lists them', async () => {
  const r = await cluster.run('salt-key', ['-L']);
  expect(r.code).toBe(0);
  expect(r.stdout).toBe('Accepted Keys:\nDenied Keys:\nUnaccepted Keys:\nminion1\nminion2\nminion3\nRejected Keys:\n');
  const json = await cluster.run('salt-key', ['-L', '--out', 'json']);
  expect(JSON.parse(json.stdout)).toEqual({ minions: [], minions_denied: [], minions_pre: ['minion1', 'minion2', 'minion3'], minions_rejected: [] });
  const pre = path.join(cluster.masterDir, 'etc', 'salt', 'pki', 'master', 'minions_pre', 'minion1');
  expect(fs.existsSync(pre)).toBe(true);
});

test('a pending minion runs nothing; salt-key -a accepts it and it runs jobs without a restart', async () => {
  const before = await cluster.run('salt', ['minion1', 'test.ping']);
  expect(before.code).toBe(2);
  expect(before.stdout).toBe('No minions matched the target. No command was sent, no jid was assigned.\n');
  expect(before.stderr).toBe('ERROR: No return received\n');

  // No answer on a non-terminal stdin (a script without -y): nothing accepted, said plainly, exit 1.
  const unanswered = await cluster.run('salt-key', ['-a', 'minion1'], { input: '' });
  expect(unanswered.code).toBe(1);
  expect(unanswered.stderr).toBe('ERROR: No answer on standard input: no key was accepted. Pass -y to accept without a prompt.\n');
  const declined = await cluster.run('salt-key', ['-a', 'minion1'], { input: 'n\n' });
  expect(declined.code).toBe(0);
  expect(declined.stdout).toContain('The following keys are going to be accepted:\nUnaccepted Keys:\nminion1\nProceed? [n/Y] ');
  expect((await cluster.run('salt-key', ['-l', 'acc'])).stdout).toBe('Accepted Keys:\n');

  const accepted = await cluster.run('salt-key', ['-a', 'minion1'], { input: 'y\n' });
  expect(accepted.stdout).toContain('Key for minion minion1 accepted.');
  await cluster.authenticated(['minion1']);
  const r = await cluster.run('salt', ['minion1', 'test.ping']);
  expect(r).toEqual({ code: 0, stdout: 'minion1:\n    True\n', stderr: '' });
});

test('salt-key -f prints fingerprints of the stored key file', async () => {
  const r = await cluster.run('salt-key', ['-f', 'minion1']);
  expect(r.stdout).toMatch(/^Accepted Keys:\nminion1: {2}([0-9a-f]{2}:){31}[0-9a-f]{2}\n$/);
  const all = await cluster.run('salt-key', ['-F']);
  expect(all.stdout).toMatch(/^Local Keys:\nmaster\.pem: {2}\S+\nmaster\.pub: {2}\S+\nAccepted Keys:\nminion1: {2}\S+\nUnaccepted Keys:\nminion2: {2}\S+\nminion3: {2}\S+\n$/);
});

test("salt-call --local key.finger on the minion prints what salt-key -f shows for it; key.finger_master, the master's", async () => {
  const onMaster = (await cluster.run('salt-key', ['-f', 'minion1'])).stdout.match(/^minion1: {2}(\S+)$/m)?.[1];
  expect(onMaster).toMatch(/^([0-9a-f]{2}:){31}[0-9a-f]{2}$/);
  const onMinion = await cluster.run('salt-call', ['--local', 'key.finger'], { configDir: cluster.minionDir('minion1') });
  expect(onMinion).toEqual({ code: 0, stdout: `local:\n    ${onMaster}\n`, stderr: '' });

  const masterPub = (await cluster.run('salt-key', ['-F'])).stdout.match(/^master\.pub: {2}(\S+)$/m)?.[1];
  const pinned = await cluster.run('salt-call', ['--local', 'key.finger_master'], { configDir: cluster.minionDir('minion1') });
  expect(pinned).toEqual({ code: 0, stdout: `local:\n    ${masterPub}\n`, stderr: '' });
  // A pending minion has not pinned a master yet.
  const pending = await cluster.run('salt-call', ['--local', 'key.finger_master'], { configDir: cluster.minionDir('minion2') });
  expect(pending).toEqual({ code: 0, stdout: 'local:\n', stderr: '' });
});

test('salt-key -d rotates the session key: the deleted minion gets no further jobs, the others do', async () => {
  await cluster.run('salt-key', ['-A', '-y']);
  await cluster.authenticated(['minion2', 'minion3']);
  const all = await cluster.run('salt', ['*', 'test.ping']);
  expect(all.code).toBe(0);
  expect(all.stdout.split('\n').filter((l) => l.endsWith(':')).sort()).toEqual(['minion1:', 'minion2:', 'minion3:']);

  const m3 = cluster.minions.get('minion3')!;
  const mark = m3.output.length;
  const del = await cluster.run('salt-key', ['-d', 'minion3', '-y']);
  expect(del.stdout).toBe('Key for minion minion3 deleted.\n');
  await cluster.master.waitFor(/Session key rotated after the key of minion3 was removed/);
  // The deleted minion re-authenticates after the rotation notice and is now pending again.
  await m3.waitFor(/Waiting for the master to accept/, 15000, mark);

  const r = await cluster.run('salt', ['*', 'cmd.run', 'echo still-here']);
  expect(r.code).toBe(0);
  expect(r.stdout).toContain('minion1:\n    still-here\n');
  expect(r.stdout).toContain('minion2:\n    still-here\n');
  expect(r.stdout).not.toContain('minion3');
  // The remaining minions picked up the new session key without a restart, and minion3 ran nothing.
  expect(m3.output.slice(mark)).not.toMatch(/Executing job/);
  expect((await cluster.run('salt-key', ['-l', 'un'])).stdout).toBe('Unaccepted Keys:\nminion3\n');
});

test('after a master restart, minions re-authenticate (with jitter) and the next job reaches every one', async () => {
  const m1 = cluster.minions.get('minion1')!;
  const mark = m1.output.length;
  await cluster.restartMaster();
  // A job published before a minion's subscriber has reconnected is lost to it (as with Salt): ask until both answer.
  let r = await cluster.run('salt', ['*', 'test.ping', '-t', '3']);
  for (let i = 0; i < 5 && r.code !== 0; i++) r = await cluster.run('salt', ['*', 'test.ping', '-t', '3']);
  expect(r.code).toBe(0);
  expect(r.stdout.split('\n').filter((l) => l.endsWith(':')).sort()).toEqual(['minion1:', 'minion2:']);
  await m1.waitFor(/Authenticated with the master; session key generation/, 5000, mark);
});
