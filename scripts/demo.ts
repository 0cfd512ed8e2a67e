/**
 * `npm run demo`: start a real master and minion1..3 as separate processes on
 * 127.0.0.1 in a throwaway root_dir, walk through the key-accept workflow and
 * run the main jobs, printing each command before its output. Every daemon is
 * stopped at the end, even on failure.
 */
import { Cluster, type CliResult } from './lib/cluster';

const MINIONS = ['minion1', 'minion2', 'minion3'];

function show(cmd: string, r: CliResult): void {
  process.stdout.write(`\n$ ${cmd}\n${r.stdout}`);
  if (r.stderr) process.stdout.write(r.stderr);
  if (r.code !== 0) process.stdout.write(`(exit code ${r.code})\n`);
}

async function main(): Promise<number> {
  process.stdout.write('Starting a salt-master and three salt-minions on 127.0.0.1...\n');
  const cluster = await Cluster.start({ logLevel: 'info' });
  try {
    process.stdout.write(`root_dir: ${cluster.root}\npublish_port ${cluster.ports.publish_port}, ret_port ${cluster.ports.ret_port}\n`);
    for (const id of MINIONS) cluster.startMinion(id);
    for (const id of MINIONS) await cluster.minions.get(id)!.waitFor(/Waiting for the master to accept/);

    const steps: Array<[string, string, string[]]> = [
      ['salt-key -L', 'salt-key', ['-L']],
      ['salt-key -A -y', 'salt-key', ['-A', '-y']],
    ];
    for (const [cmd, cli, args] of steps) show(cmd, await cluster.run(cli, args));
    await cluster.authenticated(MINIONS);

    const jobs: Array<[string, string[]]> = [
      ["salt '*' test.ping", ['*', 'test.ping']],
      ["salt '*' cmd.run uptime", ['*', 'cmd.run', 'uptime']],
      ['salt -L minion1,minion2 grains.item os kernel', ['-L', 'minion1,minion2', 'grains.item', 'os', 'kernel']],
    ];
    let failed = 0;
    for (const [cmd, args] of jobs) {
      const r = await cluster.run('salt', args);
      show(cmd, r);
      if (r.code !== 0) failed++;
    }
    return failed ? 1 : 0;
  } finally {
    await cluster.stop();
    process.stdout.write('\nStopped the master and all minions.\n');
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`demo failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
