/**
 * The remote clients registered with `salt-key --client` (brine's; Salt has
 * no such thing): one file per client in `pki_dir/clients/` (0700), named by
 * the client, holding its public keys and the user it is bound to (0600).
 * A client name lives apart from minion ids: the master looks it up here
 * only, for the request port's `client_auth` and `client_req`, and a minion
 * id is never looked up here. Shared by the master and salt-key.
 */
import fs from 'node:fs';
import path from 'node:path';
import { formatPublicKeys, parsePublicKeys, sameKeys, type PublicKeys } from '@brine/core/crypto/keys';
import { SaltInvocationError } from '@brine/core/errors';
import { ensureDir, unlessGone, writeFileAtomic } from '@brine/core/paths';
import { isUserName } from './acl/identify';

/** The folder of client keys under pki_dir. */
export const CLIENTS_DIR = 'clients';

/** A client name: letters, digits, `_.-`, 1 to 64 characters, not starting with `.` or `-`. */
const CLIENT_NAME = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,63}$/;

/** Whether `name` is a valid client name (it names a file in pki_dir/clients). */
export function isValidClientName(name: unknown): name is string {
  return typeof name === 'string' && CLIENT_NAME.test(name) && !name.endsWith('.tmp');
}

/** A registered client: its name, the user its requests act as, and its public keys. */
export interface RegisteredClient {
  name: string;
  user: string;
  pub: PublicKeys;
}

/** The registered clients of one pki_dir. */
export class ClientKeys {
  constructor(readonly pkiDir: string) {}

  /** The folder the client files are in. */
  dir(): string {
    return path.join(this.pkiDir, CLIENTS_DIR);
  }

  /** @throws SaltInvocationError for an invalid name */
  private file(name: string): string {
    if (!isValidClientName(name)) throw new SaltInvocationError(`Invalid client name ${JSON.stringify(name)}: use letters, digits, '_', '.' and '-' (at most 64)`);
    return path.join(this.dir(), name);
  }

  /**
   * Register client `name` with the public key text `pubText` (a `.pub` file of `salt-key --gen-keys`), bound to
   * `user`; a client registered again under its name is replaced.
   * @throws SaltInvocationError for an invalid name or user name, or key text that is not a brine public key
   */
  register(name: string, user: string, pubText: string): void {
    if (!isUserName(user)) throw new SaltInvocationError(`Invalid user name ${JSON.stringify(user)}`);
    let pub: PublicKeys;
    try {
      pub = parsePublicKeys(pubText, `public key of client ${name}`);
    } catch (err) {
      throw new SaltInvocationError((err as Error).message);
    }
    const file = this.file(name);
    ensureDir(this.dir());
    const keys = JSON.parse(formatPublicKeys(pub)) as Record<string, string>;
    writeFileAtomic(file, JSON.stringify({ ...keys, user }) + '\n', 0o600);
  }

  /**
   * The client registered as `name`, or undefined when there is none, or its file is malformed (then `onBad` hears why).
   * Never throws for what a peer can send: an invalid name is no client.
   */
  read(name: string, onBad: (message: string) => void = () => {}): RegisteredClient | undefined {
    if (!isValidClientName(name)) return undefined;
    const text = unlessGone(() => fs.readFileSync(this.file(name), 'utf8'));
    if (text === undefined) return undefined;
    try {
      const user: unknown = (JSON.parse(text) as { user?: unknown }).user;
      if (!isUserName(user)) throw new Error(`client ${name}: no valid user name`);
      return { name, user, pub: parsePublicKeys(text, `client ${name}`) };
    } catch (err) {
      onBad((err as Error).message);
      return undefined;
    }
  }

  /** What identifies the file of client `name` as written (inode and change time), or undefined when there is none. */
  identity(name: string): string | undefined {
    if (!isValidClientName(name)) return undefined;
    const st = fs.statSync(this.file(name), { bigint: true, throwIfNoEntry: false });
    return st ? `${st.ino}:${st.ctimeNs}` : undefined;
  }

  /** Every registered client, sorted by name (malformed files left out). */
  list(): RegisteredClient[] {
    const names = (unlessGone(() => fs.readdirSync(this.dir())) ?? []).filter(isValidClientName).sort();
    return names.flatMap((name) => this.read(name) ?? []);
  }

  /** The client whose public keys are `pub`, if one is registered with them. */
  holding(pub: PublicKeys): RegisteredClient | undefined {
    return this.list().find((c) => sameKeys(c.pub, pub));
  }

  /** Delete client `name`. @returns false when there was none @throws SaltInvocationError for an invalid name */
  remove(name: string): boolean {
    return unlessGone(() => (fs.unlinkSync(this.file(name)), true)) ?? false;
  }
}
