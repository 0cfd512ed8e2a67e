/**
 * What the master does when accepted keys go away (salt-key -d or -r, or a
 * key file removed by hand, with the master running or not): it forgets the
 * minions' shared keys, drops the cached data of deleted ones (a rejected
 * one keeps it, as Salt's), and rotates the session key so that the removed
 * minions cannot read the next job.
 */
import { errorMessage } from '@brine/core/errors';
import type { Logger } from '@brine/core/log';
import type { Auth } from './auth';
import type { MinionData } from './minion-data';
import type { Pki } from './pki';
import type { SessionKeys } from './session-keys';

/** What revocation acts on. */
export interface RevocationDeps {
  pki: Pki;
  auth: Auth;
  minionData: MinionData;
  session: SessionKeys;
  log: Logger;
}

/**
 * Revoke the keys of `ids`, no longer accepted. Never throws: a failure to drop data or announce the new
 * session key is logged (the rotation itself has taken effect for every later job).
 */
export function revoke(d: RevocationDeps, ids: string[]): void {
  d.auth.forget(ids);
  for (const id of ids) {
    if (d.pki.read('rejected', id) !== undefined) continue;
    d.minionData.remove(id).catch((err: unknown) => d.log.error(`Cannot drop the cached data of ${id}: ${errorMessage(err)}`));
  }
  d.session.rotate(`the key of ${ids.join(', ')} was removed`).catch((err: unknown) => d.log.error(`Cannot announce the new session key: ${errorMessage(err)}`));
}
