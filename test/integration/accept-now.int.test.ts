/**
 * A newly accepted minion answers at once: a pending minion retries only every acceptance_wait_time (10 s
 * here, Salt's default), but after salt-key -a the master's signed acceptance notice makes it authenticate
 * now, so the first `salt <id> test.ping` after accepting returns True (with the default 5 s timeout, well
 * before the minion's next retry).
 */
import { Cluster } from './helpers/cluster';

let cluster: Cluster;

beforeAll(async () => {
  cluster = await Cluster.start();
});

afterAll(async () => {
  await cluster?.stop();
});

test('the first ping right after salt-key -a returns True', async () => {
  const m4 = cluster.startMinion('minion4', { acceptance_wait_time: 10 });
  // Just after an attempt answered pending: the next retry is 10 s away.
  await m4.waitFor(/Waiting for the master to accept this minion's key/);
  const mark = m4.output.length;

  const accept = await cluster.run('salt-key', ['-a', 'minion4', '-y']);
  expect(accept).toEqual({ code: 0, stdout: 'Key for minion minion4 accepted.\n', stderr: '' });
  const ping = await cluster.run('salt', ['minion4', 'test.ping']);
  expect(ping).toEqual({ code: 0, stdout: 'minion4:\n    True\n', stderr: '' });

  // It was the notice, not a retry, that brought the minion in.
  await cluster.master.waitFor(/Told waiting minions that salt-key accepted minion4/);
  expect(m4.output.slice(mark)).toMatch(/The master announced that salt-key accepted this minion's key; authenticating now[\s\S]*Authenticated with the master/);
});
