/**
 * Who is asking on the local channel, from the key a request carries (Salt's
 * LoadAuth.authenticate_key): the root key is root, or with a `sudo_user`
 * claim the user who ran sudo; a user's key (user-keys.ts) is that user. Any
 * other key is refused. Keys are compared in constant time, every one of
 * them, so the time taken tells nothing of which key came close.
 */
import crypto from 'node:crypto';
import { AuthenticationError } from '@brine/core/errors';
import type { RequestClaim } from '@brine/core/transport/request-server';
import type { Caller } from './decision';

/** What the local channel's handlers learn of the caller besides its peer. */
export interface CallerContext {
  caller: Caller;
}

/** A user name as a sudo claim may give it (POSIX portable names, plus `$` for machine accounts). */
const USER_NAME = /^[A-Za-z0-9._][A-Za-z0-9._-]{0,63}\$?$/;

/** Whether `name` is a user name as a sudo claim or a remote client's binding may give it (POSIX portable names, plus `$`). */
export function isUserName(name: unknown): name is string {
  return typeof name === 'string' && USER_NAME.test(name);
}

/** Whether `given` equals `want`, in time that depends on their lengths only. */
function sameKey(given: Buffer, want: Buffer): boolean {
  return given.length === want.length && crypto.timingSafeEqual(given, want);
}

/** The local channel's credential check. */
export class CallerKeys {
  private readonly root: Buffer;
  private readonly users: Array<[user: string, key: Buffer]>;
  /** Each user's groups, read once per master start (as the keys are written once). */
  private readonly groups = new Map<string, string[]>();

  /**
   * @param rootKey the root key (cachedir/.root_key)
   * @param userKeys the users' keys, by user name (user-keys.ts writeUserKeys)
   * @param readGroups a user's groups (accounts.ts groupsOf)
   */
  constructor(
    rootKey: string,
    userKeys: ReadonlyMap<string, string>,
    private readonly readGroups: (user: string) => string[],
  ) {
    this.root = Buffer.from(rootKey);
    this.users = [...userKeys].map(([user, key]) => [user, Buffer.from(key)]);
  }

  private groupsOf(user: string): string[] {
    let groups = this.groups.get(user);
    if (!groups) this.groups.set(user, (groups = this.readGroups(user)));
    return groups;
  }

  /**
   * The caller a request's key and claim stand for: root (via `root`), the sudo user (via `sudo`: the root key with
   * a `sudo_user` claim other than root), or a user (via `user`); a claim with a user's key is ignored.
   * @throws AuthenticationError, with a hint, for a missing or unknown key, or a sudo_user claim that is no user name
   */
  authenticate(key: string | undefined, claim: RequestClaim): CallerContext {
    const given = Buffer.from(key ?? '');
    const isRoot = sameKey(given, this.root);
    // Every key is compared, whichever matches.
    let user: string | undefined;
    for (const [name, want] of this.users) if (sameKey(given, want) && user === undefined) user = name;
    if (isRoot) {
      const sudo = claim.sudo_user;
      if (sudo === undefined || sudo === 'root') return { caller: { user: 'root', groups: this.groupsOf('root'), via: 'root' } };
      if (!isUserName(sudo)) throw new AuthenticationError('Authentication failure: the sudo_user claim is not a user name');
      return { caller: { user: sudo, groups: this.groupsOf(sudo), via: 'sudo' } };
    }
    if (user !== undefined) return { caller: { user, groups: this.groupsOf(user), via: 'user' } };
    throw new AuthenticationError(
      'Authentication failure: the key does not match the root key or the key of a user publisher_acl names',
      'Run the command as root, or as a user publisher_acl names, with the key the master wrote for that user (cachedir/.<user>_key; it changes when the master restarts).',
    );
  }
}
