import { spawn } from 'node:child_process';
import { killGroup } from '@brine/modules/lib/process-group';
import { until } from '../../helpers/until';

/** Whether process group `pgid` still has a member. */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Start `script` under sh as the leader of a new process group; resolve once it printed that it is ready. */
async function group(script: string): Promise<number> {
  const child = spawn('/bin/sh', ['-c', script], { detached: true, stdio: ['ignore', 'pipe', 'ignore'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  await until(() => out.includes('ready'), 'the group to start');
  return child.pid!;
}

test('SIGTERM ends a group that does not resist, well before the grace period', async () => {
  const pgid = await group('sleep 30 & sleep 30 & echo ready; wait');
  const started = Date.now();
  // A grace far above what ending the group takes even on a loaded CI machine (2 s was once exceeded by 5 ms):
  // killGroup returning long before it shows it did not wait the grace out.
  await killGroup(pgid, 20_000);
  expect(Date.now() - started).toBeLessThan(10_000);
  await until(() => !groupAlive(pgid), 'the group to be gone');
}, 30_000);

test('members ignoring SIGTERM get SIGKILL once the grace period passed', async () => {
  const pgid = await group(`trap '' TERM; sleep 30 & echo ready; wait`);
  await killGroup(pgid, 300);
  await until(() => !groupAlive(pgid), 'the group to be gone');
});

test('a group that is already gone is left alone', async () => {
  const pgid = await group('echo ready');
  await until(() => !groupAlive(pgid), 'the group to exit');
  await expect(killGroup(pgid)).resolves.toBeUndefined();
});
