/**
 * A master listening on an IPv6 address and minions reaching it there: the
 * endpoint is bracketed and the sockets switch zeromq's IPv6 on, for the
 * daemon and salt-call alike (one bootstrap).
 */
import { Cluster } from './helpers/cluster';

let cluster: Cluster;

beforeAll(async () => {
  cluster = await Cluster.start({ master: { interface: '::1' } });
  cluster.startMinion('v6', { master: '::1' });
  await cluster.acceptAll(['v6']);
});

afterAll(async () => {
  await cluster?.stop();
});

test('the master listens on ::1 and a minion there runs jobs', async () => {
  await cluster.master.waitFor(/Master listening: publish tcp:\/\/\[::1\]:\d+, requests tcp:\/\/\[::1\]:\d+/);
  const r = await cluster.run('salt', ['v6', 'test.ping']);
  expect(r).toEqual({ code: 0, stdout: 'v6:\n    True\n', stderr: '' });
});

test('salt-call reaches the master over IPv6 for its pillar and files', async () => {
  const r = await cluster.run('salt-call', ['grains.get', 'id'], { configDir: cluster.minionDir('v6') });
  expect(r).toEqual({ code: 0, stdout: 'local:\n    v6\n', stderr: '' });
});
