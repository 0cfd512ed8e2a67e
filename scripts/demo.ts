/**
 * `npm run demo`: start a real master and minion1..3 as separate processes on
 * 127.0.0.1 in a throwaway root_dir, walk through the key-accept workflow,
 * run the main jobs, then apply the example state tree (examples/srv) with
 * test=True, for real, and again (no changes), printing each command before
 * its output. Every daemon is stopped at the end, even on failure. Run as
 * root, the states also create one user per minion, removed at the end.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { Cluster, REPO, type CliResult } from '../test/integration/helpers/cluster';

const MINIONS = ['minion1', 'minion2', 'minion3'];

function show(cmd: string, r: CliResult): void {
  process.stdout.write(`\n$ ${cmd}\n${r.stdout}`);
  if (r.stderr) process.stdout.write(r.stderr);
  if (r.code !== 0) process.stdout.write(`(exit code ${r.code})\n`);
}

async function main(): Promise<number> {
  process.stdout.write('Starting a salt-master and three salt-minions on 127.0.0.1...\n');
  const cluster = await Cluster.start({
    logLevel: 'info',
    master: { file_roots: { base: [path.join(REPO, 'examples/srv/salt')] }, pillar_roots: { base: [path.join(REPO, 'examples/srv/pillar')] }, timeout: 30 },
  });
  const asRoot = process.getuid?.() === 0;
  try {
    process.stdout.write(`root_dir: ${cluster.root}\npublish_port ${cluster.ports.publish_port}, ret_port ${cluster.ports.ret_port}\n`);
    for (const id of MINIONS) cluster.startMinion(id, { grains: { brine_demo_users: asRoot } });
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
      ["salt 'minion1' state.apply test=True", ['minion1', 'state.apply', 'test=True']],
      ["salt '*' state.apply", ['*', 'state.apply']],
      ["salt '*' state.apply --state-output=terse   # again: nothing changes", ['*', 'state.apply', '--state-output=terse']],
    ];
    let failed = 0;
    for (const [cmd, args] of jobs) {
      const r = await cluster.run('salt', args);
      show(cmd, r);
      if (r.code !== 0) failed++;
    }
    return failed ? 1 : 0;
  } finally {
    if (asRoot) for (const id of MINIONS) spawnSync('userdel', [`brweb-${id}`]);
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
