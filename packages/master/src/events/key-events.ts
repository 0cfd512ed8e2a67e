/**
 * The key events the master fires, with Salt 3006's tags and data:
 * `salt/auth` for every authentication answered (salt/master.py `_auth`), and
 * `salt/key` for each key salt-key accepted, rejected or deleted (salt/key.py).
 * As in Salt, a key the master auto-accepts fires `salt/auth` only.
 */
import type { AuthStatus } from '@brine/core/protocol/v1/constants';
import type { EventBus } from './bus';

/** What salt-key did to a key, as `salt/key`'s `act`. */
export type KeyAct = 'accept' | 'reject' | 'delete';

/** Salt's `act` for each answer: the key's state as the minion is told it. */
const AUTH_ACT: Record<AuthStatus, string> = { accepted: 'accept', pending: 'pend', rejected: 'reject', denied: 'denied' };

/**
 * Fire `salt/auth` `{result, act, id, pub}`: result true when the minion is accepted or pending, act `accept`,
 * `pend`, `reject` or `denied`, pub the public keys it presented.
 * @param pub builds the presented keys' text (only when someone listens)
 */
export function fireAuth(bus: Pick<EventBus, 'fire'>, id: string, status: AuthStatus, pub: () => string): void {
  bus.fire('salt/auth', () => ({ result: status === 'accepted' || status === 'pending', act: AUTH_ACT[status], id, pub: pub() }));
}

/** Fire `salt/key` `{result: true, act, id}` for each key salt-key changed. */
export function fireKeys(bus: Pick<EventBus, 'fire'>, act: KeyAct, ids: readonly string[]): void {
  for (const id of ids) bus.fire('salt/key', () => ({ result: true, act, id }));
}
