import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { Cluster, REPO } from '../test/integration/helpers/cluster';
(async () => {
  const c = await Cluster.start({ master: { auto_accept: true } });
  for (const id of ['minion1', 'minion2', 'minion3']) c.startMinion(id);
  await c.authenticated(['minion1', 'minion2', 'minion3']);
  const sh = (cmd: string) => spawnSync('bash', ['-c', cmd], { env: { ...process.env, PATH: `${path.join(REPO, 'node_modules/.bin')}:${process.env.PATH}`, SALT_CONFIG_DIR: c.masterDir }, encoding: 'utf8' });
  for (const cmd of ["salt '*' test.ping", "salt '*' test.ping", 'salt-run manage.up']) { const r = sh(cmd); console.log(cmd, r.status, r.stdout.length); }
  const jobs = await c.withClient((cl) => cl.list_jobs({}));
  console.log(jobs.map((j) => `${j.jid} ${j.fun} ${JSON.stringify(j.tgt)}`).join('\n'));
  await c.stop();
})();
