import path from 'node:path';
import { Cluster } from '../../test/integration/helpers/cluster';
import { startSwarm } from '../lib/swarm';
import { procStats } from '../lib/proc';

const n = Number(process.argv[2] ?? 5000);
const runs = Number(process.argv[3] ?? 1);
const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
(async () => {
  const cluster = await Cluster.start({ master: { auto_accept: true, timeout: 30 }, logLevel: 'warning' });
  const swarm = await startSwarm({ count: n, prefix: 'bench', dir: path.resolve('.swarm'), master: '127.0.0.1', retPort: cluster.ports.ret_port, publishPort: cluster.ports.publish_port, perProcess: 1000, logLevel: 'warning' });
  await swarm.authenticated();
  console.log('authenticated');
  try {
    for (const args of [['test.ping'], ['cmd.run', 'echo hi']]) for (let i = 0; i < runs; i++) {
      const cpu0 = procStats(cluster.master.proc.pid!).cpu;
      const t0 = process.hrtime.bigint();
      const r = await cluster.run('salt', ['*', ...args, '--show-jid', '--out', 'txt']);
      const wall = ms(t0) / 1000;
      const jid = /^jid: (\d{20})$/m.exec(r.stdout)?.[1]!;
      const load = (await cluster.job(jid))!;
      const rets = [...(await cluster.jobReturns(jid)).values()];
      const last = rets.length ? (Math.max(...rets.map((x) => x.stamp)) - load.started) / 1000 : NaN;
      console.log(`${args[0]}: wall ${wall.toFixed(2)} s, returns ${rets.length}/${n}, publish->last ${last.toFixed(2)} s, master cpu ${(procStats(cluster.master.proc.pid!).cpu - cpu0).toFixed(1)} s, exit ${r.code}`);
      console.log(r.stdout.split('\n').filter((l) => !l.endsWith(': True') && !l.endsWith(': hi')).slice(0, 5).join('\n'));
    }
  } finally {
    await swarm.stop();
    await cluster.stop();
  }
})();
