/**
 * The wheel key functions a reactor may call, acting in the master's process
 * on pki_dir as salt-key does (Salt's salt/wheel/key.py over salt/key.py):
 * `key.accept(match, include_rejected=False, include_denied=False)`,
 * `key.reject(match, include_accepted=False, include_denied=False)`,
 * `key.delete(match)`. `match` is a glob, a comma-separated list of globs or
 * a list of globs. The master then treats the change as salt-key's word: it
 * fires `salt/key` for each key, forgets cached authentications, rotates the
 * session key when an accepted key went away, and wakes accepted minions.
 */
import { SaltInvocationError } from '@brine/core/errors';
import { globMatch } from '@brine/core/matchers/glob';
import type { KeyAct } from '../events/key-events';
import { KEY_DIRS, type KeyState, type Pki } from '../pki';

/** What a wheel key call acts through. */
export interface WheelKeyDeps {
  pki: Pki;
  /** The master's handling of keys salt-key changed (client-channel.ts keysChanged). */
  changed: (ids: string[], act: KeyAct) => void;
}

/** Each function: its act, the states it acts on by default, and the flags that add a state. */
const FUNS: Record<string, { act: KeyAct; states: KeyState[]; flags: Partial<Record<string, KeyState>> }> = {
  'key.accept': { act: 'accept', states: ['pending'], flags: { include_rejected: 'rejected', include_denied: 'denied' } },
  'key.reject': { act: 'reject', states: ['pending'], flags: { include_accepted: 'accepted', include_denied: 'denied' } },
  'key.delete': { act: 'delete', states: ['accepted', 'pending', 'rejected', 'denied'], flags: {} },
};

/**
 * Salt's wheel `key.list_all`: the ids of every key, by the folder of its state.
 * @returns {minions, minions_pre, minions_rejected, minions_denied}, each sorted
 */
export function listAllKeys(pki: Pki): Record<string, string[]> {
  return Object.fromEntries((Object.keys(KEY_DIRS) as KeyState[]).map((state) => [KEY_DIRS[state], pki.list(state)]));
}

/** Salt's name_match: a glob, `a,b` or a list of globs, as a list of globs. */
function globsOf(match: unknown): string[] {
  if (typeof match === 'string') return match.includes(',') ? match.split(',') : [match];
  if (Array.isArray(match) && match.every((m) => typeof m === 'string')) return match as string[];
  throw new SaltInvocationError(`match must be a glob, a comma-separated list of globs or a list of globs; got ${JSON.stringify(match)}`);
}

/**
 * Run wheel function `fun` (`key.accept`, `key.reject`, `key.delete`) with Salt's arguments (positional `match`
 * first, or as keywords).
 * @returns Salt's `{minions: [ids]}` of the keys acted on (sorted)
 * @throws SaltInvocationError for another function, a missing or malformed `match`, or an unknown argument
 */
export function wheelKey(d: WheelKeyDeps, fun: string, arg: unknown[], kwarg: Record<string, unknown>): { minions: string[] } {
  const spec = Object.hasOwn(FUNS, fun) ? FUNS[fun] : undefined;
  if (!spec) throw new SaltInvocationError(`'wheel.${fun}' is not available to the reactor (brine's reactor runs wheel.key.accept, key.reject and key.delete)`);
  const unknown = Object.keys(kwarg).filter((k) => k !== 'match' && !Object.hasOwn(spec.flags, k));
  if (unknown.length) throw new SaltInvocationError(`${fun} does not accept the following kwargs: ${unknown.join(', ')}`);
  const match = kwarg.match ?? arg[0];
  if (match === undefined) throw new SaltInvocationError(`${fun} is missing the required argument: match`);
  const globs = globsOf(match);
  const states = [...spec.states, ...Object.entries(spec.flags).filter(([flag]) => kwarg[flag] === true).map(([, s]) => s!)];
  const touched: string[] = [];
  for (const state of states) {
    for (const id of d.pki.list(state).filter((i) => globs.some((g) => globMatch(g, i)))) {
      const done = spec.act === 'delete' ? d.pki.remove(state, id) : d.pki.move(id, state, spec.act === 'accept' ? 'accepted' : 'rejected');
      if (done) touched.push(id);
    }
  }
  if (touched.length) d.changed(touched, spec.act);
  return { minions: touched.sort() };
}
