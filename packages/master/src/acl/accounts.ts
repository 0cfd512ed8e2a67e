/**
 * The system's user and group databases as the master reads them for the
 * local channel: /etc/passwd (which users exist, their uid and gid, so a
 * user's key file is given to them) and /etc/group (a caller's groups, for
 * rules that name a group). Read from the files, as Salt's access_keys reads
 * pwd.getpwall(); accounts only a name service (LDAP, NIS) knows are not seen.
 */
import fs from 'node:fs';

/** One user of /etc/passwd. */
export interface SystemUser {
  name: string;
  uid: number;
  gid: number;
}

/** Where the databases are (tests point them at fixtures). */
export interface AccountFiles {
  passwd: string;
  group: string;
}

/** The system's databases. */
export const SYSTEM_ACCOUNTS: AccountFiles = { passwd: '/etc/passwd', group: '/etc/group' };

/** The colon-separated records of a database file (comments and malformed lines left out); none when it is unreadable. */
function records(file: string, fields: number): string[][] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => line.split(':'))
    .filter((r) => r.length >= fields && r[0] !== '');
}

/**
 * Every user of the passwd database, in file order.
 * @returns the users with a numeric uid and gid (an unreadable file gives none)
 */
export function systemUsers(files: AccountFiles = SYSTEM_ACCOUNTS): SystemUser[] {
  return records(files.passwd, 7)
    .map(([name, , uid, gid]) => ({ name, uid: Number(uid), gid: Number(gid) }))
    .filter((u) => Number.isInteger(u.uid) && Number.isInteger(u.gid));
}

/**
 * The groups of `user`, as `id -Gn` lists them: the group of its primary gid, then each group that names it as
 * a member, without repeats.
 * @returns the group names (none for a user the passwd database does not know, beyond those naming it as member)
 */
export function groupsOf(user: string, files: AccountFiles = SYSTEM_ACCOUNTS): string[] {
  const primary = systemUsers(files).find((u) => u.name === user)?.gid;
  const groups = new Set<string>();
  const all = records(files.group, 4);
  for (const [name, , gid] of all) if (Number(gid) === primary) groups.add(name);
  for (const [name, , , members] of all) if (members.split(',').includes(user)) groups.add(name);
  return [...groups];
}
