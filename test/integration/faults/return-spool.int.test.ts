/**
 * Returns the master does not acknowledge wait in the minion's on-disk spool:
 * they survive the master's death and the minion's restart, and are delivered
 * once both are back. The spool is bounded, and what does not fit is dropped
 * with an error naming the job, never silently.
 */
import fs from 'node:fs';
import path from 'node:path';
import { until } from '../../unit/helpers/until';
import { Cluster } from '../helpers/cluster';

let cluster: Cluster;
const MINION = { return_retry_tries: 1, return_retry_timer: 1, return_spool_max: 2 };

beforeAll(async () => {
  cluster = await Cluster.start({ master: { timeout: 30 } });
  cluster.startMinion('m1', MINION);
  await cluster.acceptAll(['m1']);
});

afterAll(() => cluster?.stop());

test('returns made while the master is dead are spooled to disk and delivered after both restart; overflow is reported', async () => {
  const jids = await cluster.withClient(async (c) => {
    const out: string[] = [];
    for (const length of [0.5, 0.8, 1.1]) {
      const { jid } = await c.publish({ tgt: 'm1', tgt_type: 'glob', fun: 'test.sleep', arg: [length], kwarg: {}, user: 'root', to: 30 });
      out.push(jid!);
    }
    return out;
  });
  const m1 = cluster.minions.get('m1')!;
  for (const jid of jids) await m1.waitFor(new RegExp(`Executing job ${jid}`));
  cluster.master.proc.kill('SIGKILL');
  await cluster.master.exited;

  await m1.waitFor(/kept in the spool[^]*kept in the spool/, 20000);
  await m1.waitFor(/dropped: the return spool is full \(return_spool_max: 2\)/, 20000);
  const dropped = /Return of job (\d+) dropped: the return spool is full/.exec(m1.output)![1];
  const spooled = jids.filter((j) => j !== dropped);
  await m1.stop();
  const spoolDir = path.join(cluster.minionDir('m1'), 'var/cache/salt/minion/spool/returns');
  expect(fs.readdirSync(spoolDir).sort()).toEqual(spooled.map((j) => `${j}.ret`));

  await cluster.restartMaster();
  const again = cluster.startMinion('m1', MINION);
  await again.waitFor(/Authenticated with the master/);
  // Acknowledged, each spooled return leaves the spool.
  await until(() => fs.readdirSync(spoolDir).length === 0, 'the spool to empty', 15000);
  await cluster.withClient(async (c) => {
    for (const jid of spooled) expect((await c.job_returns({ jid })).returns.map((r) => [r.id, r.return])).toEqual([['m1', true]]);
    expect((await c.job_returns({ jid: dropped })).returns).toEqual([]);
  });
}, 60_000);
