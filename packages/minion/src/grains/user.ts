/**
 * Salt's minion process grains (salt/grains/minion_process.py): `username`,
 * `groupname`, `pid`, `gid`, `uid` of the process (real ids, as os.getuid).
 */
import os from 'node:os';
import type { Grains } from '@brine/core/loader/define';
import { readText } from './read';

/** The user name of the process's uid, or undefined when it has no passwd entry (as in some containers). */
function username(): string | undefined {
  try {
    return os.userInfo().username;
  } catch {
    return undefined;
  }
}

/** The name of group `gid` in /etc/group (name:password:gid:members), if listed there. */
function groupname(gid: number): string | undefined {
  const line = readText('/etc/group')
    ?.split('\n')
    .find((l) => l.split(':')[2] === String(gid));
  return line?.split(':')[0];
}

/** Process and account grains in Salt's order; names that cannot be resolved are left out. */
export function processGrains(): Grains {
  const uid = process.getuid?.();
  const gid = process.getgid?.();
  const grains: Grains = { username: username(), groupname: gid === undefined ? undefined : groupname(gid), pid: process.pid, gid, uid };
  return Object.fromEntries(Object.entries(grains).filter(([, v]) => v !== undefined));
}
