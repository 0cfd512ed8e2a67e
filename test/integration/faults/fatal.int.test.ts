/**
 * An error nothing handles stops a daemon as a logged fatal with exit code
 * 70 (Salt's EX_SOFTWARE), which systemd's Restart=on-failure acts on,
 * instead of a silent death or a daemon carrying on in an unknown state.
 * The error is injected by a preloaded fixture on SIGUSR2.
 */
import fs from 'node:fs';
import path from 'node:path';
import { REPO, Cluster } from '../helpers/cluster';

const PRELOAD = path.join(REPO, 'test/fixtures/faults/fatal-on-signal.js');

/** A cluster whose daemons raise `kind` ('rejection' or 'exception') on SIGUSR2. */
async function clusterRaising(kind: string): Promise<Cluster> {
  return Cluster.start({ env: { NODE_OPTIONS: `--require ${PRELOAD}`, BRINE_TEST_FATAL: kind } });
}

test('an unhandled rejection in the master is logged as critical, to the console and the log file, and exits 70', async () => {
  const cluster = await clusterRaising('rejection');
  try {
    cluster.master.proc.kill('SIGUSR2');
    expect(await cluster.master.exited).toBe(70);
    expect(cluster.master.output).toMatch(/\[CRITICAL\] The salt-master stops on an unhandled rejection: Error: injected unhandled rejection\n\s+at /);
    const logFile = fs.readFileSync(path.join(cluster.masterDir, 'var/log/salt/master'), 'utf8');
    expect(logFile).toContain('[CRITICAL] The salt-master stops on an unhandled rejection: Error: injected unhandled rejection');
    // It stopped cleanly: the local socket and ports file are gone.
    expect(fs.existsSync(path.join(cluster.masterDir, 'var/run/salt/master/ports.json'))).toBe(false);
  } finally {
    await cluster.stop();
  }
});

test('an uncaught exception in a minion is logged as critical and exits 70', async () => {
  const cluster = await clusterRaising('exception');
  try {
    const m1 = cluster.startMinion('m1');
    await m1.waitFor(/Waiting for the master to accept/);
    m1.proc.kill('SIGUSR2');
    expect(await m1.exited).toBe(70);
    expect(m1.output).toMatch(/\[CRITICAL\] The salt-minion stops on an uncaught exception: Error: injected uncaught exception\n\s+at /);
    expect(cluster.master.proc.exitCode).toBeNull();
  } finally {
    await cluster.stop();
  }
});
