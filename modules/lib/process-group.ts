/**
 * Ending a job's process group: the command cmd starts leads its own group
 * (`detached`, so its pgid is its pid), and its children and grandchildren
 * are in that group unless they leave it (setsid, as daemons do). Killing
 * the group is SIGTERM to every member, then SIGKILL to whatever is left
 * after a grace period, so a command that forked into the background
 * cannot outlive its job's timeout, kill_job or the minion's shutdown.
 */
import { setTimeout as sleep } from 'node:timers/promises';

/** How long, in ms, a group has to exit after SIGTERM before it gets SIGKILL. */
export const KILL_GRACE_MS = 2000;
/** How often, in ms, the group is checked for members during the grace period. */
const POLL_MS = 25;

/** Send `signal` to process group `pgid` (0 only checks it). @returns false when the group has no member left */
function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    // ESRCH: no process is left in the group.
    return false;
  }
}

/**
 * Kill process group `pgid`: SIGTERM now, SIGKILL once `graceMs` has passed with members left.
 * @returns once the group is empty, or SIGKILL was sent; never rejects
 */
export async function killGroup(pgid: number, graceMs = KILL_GRACE_MS): Promise<void> {
  if (!signalGroup(pgid, 'SIGTERM')) return;
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    await sleep(POLL_MS);
    if (!signalGroup(pgid, 0)) return;
  }
  signalGroup(pgid, 'SIGKILL');
}
