/**
 * The local users' keys, as Salt's access_keys (salt/daemons/masterapi.py):
 * at start, the master writes a fresh random key to `cachedir/.<user>_key`
 * for each user publisher_acl names, mode 0400, owned by that user, so that
 * user (and root) can read it and present it on the local channel. A key of
 * publisher_acl that is not an existing user's name is a glob or regular
 * expression of names: every user of /etc/passwd it matches gets a key, as
 * Salt's client_acl_verify. Key files of users no longer named are removed.
 *
 * With such users, the folders they must reach are opened to them: cachedir
 * and sock_dir become 0755 (traversable) and the local client socket 0666
 * (connectable); the folders between root_dir and them (which the master
 * created 0700) get the search bit only; everything else directly in
 * cachedir and sock_dir is closed to others (files 0600, folders 0700), so a
 * user reads only their own key. Without any, both folders stay 0700.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '@brine/core/log';
import { rootKeyPath, userKeyPath } from '@brine/core/local-client-files';
import { writeFileAtomic } from '@brine/core/paths';
import { errorMessage } from '@brine/core/errors';
import { exprMatch, type PublisherAcl } from './publisher-acl';
import type { SystemUser } from './accounts';

/** A user's key file name in cachedir: `.<user>_key` (the root key, `.root_key`, is not one). */
const USER_KEY_FILE = /^\.(.+)_key$/;

/**
 * The users publisher_acl gives a key: a key that names an existing user is that user; any other key (but `*` and
 * `group%` keys, which name no one by name) is matched, as a glob or a whole regular expression, against every
 * user of `users`. Root is left out (it has the root key).
 * @param onMissing told of each key that names no existing user
 * @returns the users, each once, in the order of `users`
 */
export function aclUsers(acl: PublisherAcl, users: SystemUser[], onMissing: (key: string) => void): SystemUser[] {
  const named = new Set<string>();
  for (const key of Object.keys(acl)) {
    if (key === '*' || key.endsWith('%')) continue;
    const matched = users.some((u) => u.name === key) ? [key] : users.filter((u) => exprMatch(key, u.name)).map((u) => u.name);
    if (matched.length === 0) onMissing(key);
    for (const name of matched) named.add(name);
  }
  return users.filter((u) => u.name !== 'root' && named.has(u.name));
}

/** Give `file` the permission bits `mode` unless it has them (logged when it cannot). */
function chmodTo(file: string, mode: number, log: Logger): void {
  try {
    if ((fs.lstatSync(file).mode & 0o7777) !== mode) fs.chmodSync(file, mode);
  } catch (err) {
    log.warning(`Cannot set the mode of ${file} to ${mode.toString(8)}: ${errorMessage(err)}`);
  }
}

/**
 * Close every entry directly in `dir` to other users (files 0600, folders 0700), but those of `open` (set apart).
 * Symbolic links are left alone (their own mode means nothing).
 */
function closeEntries(dir: string, open: Set<string>, log: Logger): void {
  for (const ent of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, ent.name);
    if (open.has(file) || ent.isSymbolicLink()) continue;
    if (ent.isDirectory()) chmodTo(file, 0o700, log);
    else if (ent.isFile()) chmodTo(file, fs.statSync(file).mode & 0o600, log);
  }
}

/** What {@link writeUserKeys} works on. */
export interface UserKeysOptions {
  cachedir: string;
  publisherAcl: PublisherAcl;
  /** The system's users (accounts.ts systemUsers). */
  users: SystemUser[];
  log: Logger;
}

/**
 * Write a fresh key for each user publisher_acl names (mode 0400, owned by the user) and remove the key files of
 * users it no longer names.
 * @returns the keys, by user name
 * @throws the file system's error when a key cannot be written
 */
export function writeUserKeys(o: UserKeysOptions): Map<string, string> {
  const users = aclUsers(o.publisherAcl, o.users, (key) =>
    o.log.warning(`publisher_acl names '${key}', which is no user of this system: no key was written for it`),
  );
  const keys = new Map<string, string>();
  for (const user of users) {
    const key = crypto.randomBytes(32).toString('hex');
    writeFileAtomic(userKeyPath(o.cachedir, user.name), key, 0o400, { uid: user.uid, gid: user.gid });
    keys.set(user.name, key);
    o.log.info(`Prepared the key of user ${user.name} for the local client (publisher_acl)`);
  }
  for (const name of fs.readdirSync(o.cachedir)) {
    const user = USER_KEY_FILE.exec(name)?.[1];
    if (user === undefined || path.join(o.cachedir, name) === rootKeyPath(o.cachedir) || keys.has(user)) continue;
    fs.rmSync(path.join(o.cachedir, name), { force: true });
    o.log.info(`Removed the key of user ${user}, whom publisher_acl no longer names`);
  }
  return keys;
}

/** Add the search bit for group and others to each folder between `root` (excluded) and `dir` (excluded); symbolic links are left alone. */
function searchableBetween(root: string, dir: string, log: Logger): void {
  const rel = path.relative(root, path.dirname(dir));
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return;
  let at = root;
  for (const part of rel.split(path.sep)) {
    at = path.join(at, part);
    const st = fs.lstatSync(at, { throwIfNoEntry: false });
    if (st?.isDirectory()) chmodTo(at, (st.mode & 0o7777) | 0o011, log);
  }
}

/**
 * Set the modes of cachedir and sock_dir for the local users (see the module note): with users, the folders 0755,
 * the socket 0666, the folders above them up to root_dir searchable, the users' keys left as written, everything
 * else directly in cachedir and sock_dir closed to others; without, both folders 0700.
 * @param socket the local client socket (in sock_dir)
 * @param rootDir the master's root_dir: folders above it are never changed
 */
export function openToUsers(o: { rootDir: string; cachedir: string; sockDir: string; socket: string; users: string[]; log: Logger }): void {
  if (o.users.length === 0) {
    for (const dir of [o.cachedir, o.sockDir]) chmodTo(dir, 0o700, o.log);
    return;
  }
  for (const dir of [o.cachedir, o.sockDir]) {
    searchableBetween(o.rootDir, dir, o.log);
    chmodTo(dir, 0o755, o.log);
  }
  closeEntries(o.cachedir, new Set(o.users.map((u) => userKeyPath(o.cachedir, u))), o.log);
  closeEntries(o.sockDir, new Set([o.socket]), o.log);
  chmodTo(o.socket, 0o666, o.log);
}
