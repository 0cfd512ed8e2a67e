/**
 * The master's session key (Salt's AES session key): one 32-byte secret-box key
 * shared with every accepted minion, under which each job is sealed once.
 * `gen` numbers key generations so minions know when theirs is stale.
 */
import { randomKey } from './secretbox';

/** A session key generation. */
export interface SessionKey {
  gen: number;
  key: Uint8Array;
}

/** A new session key; generations increase and start from the clock so a restarted master never reuses one. */
export function newSessionKey(previous?: SessionKey): SessionKey {
  const gen = Math.max(Date.now(), (previous?.gen ?? 0) + 1);
  return { gen, key: randomKey() };
}
