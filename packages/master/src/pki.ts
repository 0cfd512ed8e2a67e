/**
 * The master's key store in pki_dir, laid out as Salt's: `minions/` (accepted),
 * `minions_pre/` (pending), `minions_rejected/`, `minions_denied/` (a second key
 * presented for an accepted id). One file per minion id, holding its public keys.
 * Shared by the master (authentication) and salt-key.
 */
import fs from 'node:fs';
import path from 'node:path';
import { isValidMinionId, writeFileAtomic, ensureDir, unlessGone } from '@brine/core/paths';

/** Key states, as salt-key names them. */
export type KeyState = 'accepted' | 'pending' | 'rejected' | 'denied';

/** The folder under pki_dir of each key state. */
export const KEY_DIRS: Record<KeyState, string> = {
  accepted: 'minions',
  pending: 'minions_pre',
  rejected: 'minions_rejected',
  denied: 'minions_denied',
};

/** File-level access to minion keys; every id is validated before it names a file. */
export class Pki {
  /**
   * @param pkiDir the master's pki_dir
   * @param create create the key folders (0700) if missing: the master does; salt-key opens an existing pki_dir
   *   and creates nothing, a folder that is missing holding no keys
   */
  constructor(
    readonly pkiDir: string,
    create = true,
  ) {
    if (create) for (const d of Object.values(KEY_DIRS)) ensureDir(path.join(pkiDir, d));
  }

  /** The folder of a key state. */
  dir(state: KeyState): string {
    return path.join(this.pkiDir, KEY_DIRS[state]);
  }

  /**
   * What identifies the key file of `id` in `state` as written: its inode and change time (ns), or undefined when
   * there is none. A key replaced by another (deleted, then accepted again) has another identity.
   * @throws Error for an invalid id
   */
  identity(state: KeyState, id: string): string | undefined {
    const st = fs.statSync(this.file(state, id), { bigint: true, throwIfNoEntry: false });
    return st ? `${st.ino}:${st.ctimeNs}` : undefined;
  }

  private file(state: KeyState, id: string): string {
    if (!isValidMinionId(id)) throw new Error(`Invalid minion id ${JSON.stringify(id)}`);
    return path.join(this.pkiDir, KEY_DIRS[state], id);
  }

  /** Ids in a state, sorted. */
  list(state: KeyState): string[] {
    return (unlessGone(() => fs.readdirSync(this.dir(state))) ?? []).filter(isValidMinionId).sort();
  }

  /** Every id with a key in any state. */
  listAll(): string[] {
    return [...new Set((Object.keys(KEY_DIRS) as KeyState[]).flatMap((state) => this.list(state)))].sort();
  }

  /** The public key text of `id` in `state`, or undefined. @throws Error for an invalid id */
  read(state: KeyState, id: string): string | undefined {
    return unlessGone(() => fs.readFileSync(this.file(state, id), 'utf8'));
  }

  /** Store `text` as the key of `id` in `state` (atomically). @throws Error for an invalid id */
  write(state: KeyState, id: string, text: string): void {
    writeFileAtomic(this.file(state, id), text, 0o644);
  }

  /** Move the key of `id` between states. @returns false when it was not in `from` */
  move(id: string, from: KeyState, to: KeyState): boolean {
    return unlessGone(() => (fs.renameSync(this.file(from, id), this.file(to, id)), true)) ?? false;
  }

  /** Delete the key of `id` in `state`. @returns false when there was none */
  remove(state: KeyState, id: string): boolean {
    return unlessGone(() => (fs.unlinkSync(this.file(state, id)), true)) ?? false;
  }
}
