/**
 * `npm run swarm -- --count 1000 --master 127.0.0.1 --ret-port 4506 --publish-port 4505`:
 * start a minion swarm against a running master and keep it up until Ctrl-C.
 * With `--auto-accept CONFIG_DIR` (the master's config dir) it accepts the
 * swarm's keys through salt-key once they are pending; without it they stay
 * pending (unless the master has `auto_accept: true`); the master's
 * `max_minions_pre` must be at least `--count` for them all to be filed at
 * once. `--slow` and `--silent`
 * make a share of minions delay every job or never answer, for fault tests.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import yargs from 'yargs';
import { BIN } from '../test/integration/helpers/cluster';
import { startSwarm } from './lib/swarm';

async function main(): Promise<void> {
  const a = yargs(process.argv.slice(2))
    .option('count', { type: 'number', default: 10, describe: 'How many minions' })
    .option('prefix', { type: 'string', default: 'swarm', describe: 'Minion id prefix (ids are prefix-00001...)' })
    .option('master', { type: 'string', default: '127.0.0.1' })
    .option('ret-port', { type: 'number', default: 4506 })
    .option('publish-port', { type: 'number', default: 4505 })
    .option('dir', { type: 'string', default: '.swarm', describe: 'Folder for the minions\' keys and caches (kept for reruns)' })
    .option('per-process', { type: 'number', default: 1000, describe: 'Minions per process' })
    .option('auto-accept', { type: 'string', describe: 'Master config dir: accept the swarm keys with salt-key -a PREFIX-* -y' })
    .option('slow', { type: 'number', default: 0, describe: 'Share of minions that delay every job' })
    .option('slow-delay', { type: 'number', default: 10, describe: 'Seconds a slow minion delays a job' })
    .option('silent', { type: 'number', default: 0, describe: 'Share of minions that never answer' })
    .option('log-level', { type: 'string', default: 'error' })
    .strict()
    .parseSync();
  const t0 = Date.now();
  const swarm = await startSwarm({
    count: a.count, prefix: a.prefix, dir: path.resolve(a.dir), master: a.master, retPort: a['ret-port'], publishPort: a['publish-port'],
    perProcess: a['per-process'], slow: a.slow, slowDelay: a['slow-delay'], silent: a.silent, logLevel: a['log-level'],
  });
  process.stdout.write(`${a.count} minions started in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  if (a['auto-accept']) {
    await new Promise((r) => setTimeout(r, 2000));
    spawnSync(process.execPath, [path.join(BIN, 'salt-key.js'), '-c', a['auto-accept'], '-a', `${a.prefix}-*`, '-y'], { stdio: 'ignore' });
  }
  await swarm.authenticated();
  process.stdout.write(`${a.count} minions authenticated after ${((Date.now() - t0) / 1000).toFixed(1)} s; Ctrl-C stops them\n`);
  const stop = () => void swarm.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`swarm failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
