/**
 * Returns are authorized, fresh and stored once (issue 10, findings 4 and 5).
 * A rogue minion, one whose key is accepted, tries to add a return to a job
 * that never targeted it; an eavesdropper resends a captured return and a
 * captured pillar request. The master refuses each without serving it, and
 * salt-run jobs.lookup_jid shows only what the targeted minions sent.
 */
import path from 'node:path';
import { Cluster } from '../helpers/cluster';
import { HandMinion } from '../helpers/hand-minion';

let cluster: Cluster;
/** A minion with no daemon: the tests write its requests. Its key is accepted after the first job below. */
let late: HandMinion;
/** The jid of a `'*'` job published before `late` had a key. */
let starJid: string;

const jidOf = (stdout: string) => /(\d{20})/.exec(stdout)![1];
const returnOf = (id: string, jid: string, ret: unknown) => ({ id, jid, fun: 'test.ping', fun_args: [], return: ret, retcode: 0, success: true, started: 0, finished: 0 });

beforeAll(async () => {
  cluster = await Cluster.start({ master: { auto_accept: true } });
  for (const id of ['m1', 'm2']) cluster.startMinion(id);
  await cluster.authenticated(['m1', 'm2']);
  starJid = jidOf((await cluster.run('salt', ['*', 'test.ping', '--show-jid'])).stdout);
  late = await HandMinion.connect(cluster.ports.ret_port, 'late', path.join(cluster.root, 'late-pki'));
});

afterAll(async () => {
  late?.close();
  await cluster?.stop();
});

test('a return for a job that did not target the sender is refused, and lookup_jid shows only the real ones', async () => {
  const r = await cluster.run('salt', ['m1', 'test.ping', '--show-jid']);
  const jid = jidOf(r.stdout);
  const m2 = await HandMinion.connect(cluster.ports.ret_port, 'm2', path.join(cluster.minionDir('m2'), 'etc/salt/pki/minion'));
  try {
    expect(await m2.call('_return', returnOf('m2', jid, 'forged'))).toEqual({ ok: false, error: { code: 'denied', message: `job ${jid} did not target m2` } });
  } finally {
    m2.close();
  }
  const lookup = await cluster.run('salt-run', ['jobs.lookup_jid', jid]);
  expect(lookup.stdout).toBe('m1:\n    True\n');
  expect([...(await cluster.jobReturns(jid)).keys()]).toEqual(['m1']);
});

test('a minion accepted after a job was published may still return for it when the target selects it', async () => {
  expect((await cluster.job(starJid))!.minions).toEqual(['m1', 'm2']);
  expect(await late.call('_return', returnOf('late', starJid, 'late but selected'))).toEqual({ ok: true, rep: true });
  await cluster.master.waitFor(new RegExp(`Job ${starJid} accepts a return from late, which its target selects but which was not expected at publish time`));
  expect((await cluster.jobReturns(starJid)).get('late')?.return).toBe('late but selected');
});

test('a captured return sent again is refused unserved, and a retried one never replaces the first', async () => {
  const jid = jidOf((await cluster.run('salt', ['late', 'test.ping', '--async'])).stdout);
  const first = late.seal('_return', returnOf('late', jid, 'first'));
  expect(await late.send(first)).toEqual({ ok: true, rep: true });
  await expect(late.send(first)).rejects.toThrow(/Request \d+ was already served or is too old \(a replay\); refused/);
  // A retry (a new call) whose first answer was lost is acknowledged, and stores nothing new.
  expect(await late.call('_return', returnOf('late', jid, 'second'))).toEqual({ ok: true, rep: true });
  const lookup = await cluster.run('salt-run', ['jobs.lookup_jid', jid]);
  expect(lookup.stdout).toBe('late:\n    first\n');
});

test('a captured pillar request sent again is refused: the grains the master caches stay the newest', async () => {
  const targets = (role: string) => cluster.withClient((c) => c.check_minions({ tgt: `role:${role}`, tgt_type: 'grain' }));
  const old = late.seal('_pillar', { grains: { id: 'late', role: 'old' } });
  expect(await late.send(old)).toMatchObject({ ok: true });
  expect(await late.call('_pillar', { grains: { id: 'late', role: 'new' } })).toMatchObject({ ok: true });
  expect(await targets('new')).toContain('late');
  await expect(late.send(old)).rejects.toThrow(/a replay\); refused/);
  expect(await targets('new')).toContain('late');
  expect(await targets('old')).not.toContain('late');
});

test('a sealed request under a ticket the master never issued is refused as unauthenticated', async () => {
  const call = late.seal('_file_list', { saltenv: 'base' }, new Uint8Array(16));
  await expect(late.send(call)).rejects.toThrow('Unknown or expired session ticket; authenticate again');
});
