/** Grains about the minion process and the account it runs as: `username`, `uid`, `gid`, `groupname`, `pid`, `shell`, `path`. */
import os from 'node:os';
import type { Grains } from '@brine/core/loader/define';
import { readFirst } from './read';

/** The user name of the effective uid, or undefined when it has no passwd entry (as in some containers). */
function username(): string | undefined {
  try {
    return os.userInfo().username;
  } catch {
    return undefined;
  }
}

/** The name of group `gid` in /etc/group (name:password:gid:members), if listed there. */
function groupname(gid: number): string | undefined {
  const line = readFirst('/etc/group')
    ?.split('\n')
    .find((l) => l.split(':')[2] === String(gid));
  return line?.split(':')[0];
}

/**
 * Process and account grains. `shell` is $SHELL (default '/bin/sh') and `path`
 * is $PATH, as Salt reports them; names that cannot be resolved are left out.
 */
export function userGrains(): Grains {
  const uid = process.geteuid?.();
  const gid = process.getegid?.();
  const grains: Grains = {
    pid: process.pid,
    path: process.env.PATH ?? '',
    shell: process.env.SHELL || '/bin/sh',
    uid,
    gid,
    username: username(),
    groupname: gid === undefined ? undefined : groupname(gid),
  };
  return Object.fromEntries(Object.entries(grains).filter(([, v]) => v !== undefined));
}
