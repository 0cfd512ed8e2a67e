/**
 * The Salt mine on the master (Salt's `_mine`, `_mine_delete` and
 * `_mine_get` of its RemoteFuncs): minions send the results of their
 * mine functions, which the master keeps in its minion data cache
 * (minion-data.ts), and any minion may read those of the minions a target
 * selects. A minion writes only its own mine (the handlers act for the id
 * that sealed the request), and at most MINE_MAX_BYTES of it. An entry sent
 * with `allow_tgt` (Salt's minion-side ACL) is read only by the minions that
 * target selects; the master's `mine_get` option (Salt's master-side ACL)
 * limits which functions each minion reads.
 *
 * Targets in the mine come from minions, which the master does not trust: the
 * target of a get and every stored allow_tgt may only be a glob, a list or a
 * grain glob, of at most MINE_TARGET_MAX_CHARS (Salt allows every type; see
 * MINE_TARGET_TYPES for why brine does not), and a reply carries at most
 * MINE_GET_MAX_BYTES of data.
 */
import { SaltInvocationError } from '@brine/core/errors';
import { compileRegex } from '@brine/core/matchers/pcre';
import { isDict } from '@brine/core/python';
import { pack } from '@brine/core/protocol/frame';
import {
  MINE_GET_MAX_BYTES,
  MINE_GRAIN_MAX_KEYS,
  MINE_GRAIN_MAX_WILDCARDS,
  MINE_MAX_BYTES,
  MINE_TARGET_MAX_CHARS,
  MINE_TARGET_TYPES,
  type TargetType,
} from '@brine/core/protocol/v1/constants';
import type { Target } from '@brine/core/protocol/v1/loads';
import type { MineGetLoad, MineStoreLoad } from '@brine/core/protocol/v1/minion-requests';
import type { MineData, MinionData } from './minion-data';

/** Salt's marker of an entry wrapped with a minion-side ACL (salt/utils/mine.py MINE_ITEM_ACL_ID). */
export const MINE_ACL_ID = '__saltmine_acl__';
/** Where a wrapped entry keeps the function's data (MINE_ITEM_ACL_DATA). */
export const MINE_ACL_DATA = '__data__';

/** The longest mine function name (an alias or `module.function`) the master stores. */
const MAX_FUNCTION_NAME = 256;

/** The target of an ACL nobody passes: a malformed or refused allow_tgt allows nobody rather than everybody. */
const NOBODY: Target = { tgt: [], tgt_type: 'list' };

/**
 * The master-side mine ACL (master option `mine_get`, Salt's): minion id regex -> regexes of the functions those
 * minions may read; null when not configured (everything allowed).
 */
export type MineGetAcl = Record<string, string[]> | null;

/**
 * Check a target a minion sent for the mine (`what` names it in the error): a glob, list or grain target
 * (MINE_TARGET_TYPES) of at most MINE_TARGET_MAX_CHARS, a grain target walking at most MINE_GRAIN_MAX_KEYS keys
 * of which at most MINE_GRAIN_MAX_WILDCARDS are `*`.
 * @throws SaltInvocationError naming what is refused
 */
export function checkMinionTarget(target: Target, what: string): void {
  const { tgt, tgt_type: type, delimiter } = target;
  if (!(MINE_TARGET_TYPES as readonly string[]).includes(type)) {
    throw new SaltInvocationError(`${what}: target type '${type}' is not allowed in the mine; use one of ${MINE_TARGET_TYPES.join(', ')}`);
  }
  const chars = (Array.isArray(tgt) ? tgt.join(',') : tgt).length + (delimiter?.length ?? 0);
  if (chars > MINE_TARGET_MAX_CHARS) throw new SaltInvocationError(`${what}: target of ${chars} characters, more than the ${MINE_TARGET_MAX_CHARS} allowed in the mine`);
  if (type === 'grain' && typeof tgt === 'string') {
    const keys = tgt.split(delimiter || ':').slice(0, -1);
    const wildcards = keys.filter((k) => k === '*').length;
    if (keys.length > MINE_GRAIN_MAX_KEYS || wildcards > MINE_GRAIN_MAX_WILDCARDS) {
      throw new SaltInvocationError(
        `${what}: grain target walks ${keys.length} keys (${wildcards} of them '*'); the mine allows ${MINE_GRAIN_MAX_KEYS} keys, ${MINE_GRAIN_MAX_WILDCARDS} of them '*'`,
      );
    }
  }
}

/**
 * The target that may read a wrapped entry: undefined when it has no allow_tgt (everybody).
 * @throws SaltInvocationError for an allow_tgt that is malformed or not allowed from a minion (checkMinionTarget)
 */
function entryAcl(name: string, entry: Record<string, unknown>): Target | undefined {
  const tgt = entry.allow_tgt;
  if (tgt === undefined || tgt === null || tgt === '') return undefined;
  const type = entry.allow_tgt_type ?? 'glob';
  const what = `Mine entry ${JSON.stringify(name.slice(0, 64))}`;
  if (!(typeof tgt === 'string' || (Array.isArray(tgt) && tgt.every((t) => typeof t === 'string'))) || typeof type !== 'string') {
    throw new SaltInvocationError(`${what}: allow_tgt must be a string or a list of strings, and allow_tgt_type a string`);
  }
  const target = { tgt, tgt_type: type as TargetType };
  checkMinionTarget(target, what);
  return target;
}

/** The data of one mine entry and, when wrapped with an ACL, the target allowed to read it (NOBODY when refused). */
export function unwrapEntry(entry: unknown, name = ''): { data: unknown; allow?: Target } {
  if (!isDict(entry) || !(MINE_ACL_ID in entry)) return { data: entry };
  let allow: Target | undefined;
  try {
    allow = entryAcl(name, entry);
  } catch {
    allow = NOBODY; // stored before the master checked ACLs at store time
  }
  return { data: entry[MINE_ACL_DATA], allow };
}

/**
 * The function names of a `_mine_get`: a comma-separated string or a list; `many` when the reply is keyed by
 * function as well (Salt: a list, or a string naming more than one).
 */
export function mineFunctions(fun: string | string[]): { names: string[]; many: boolean } {
  if (Array.isArray(fun)) return { names: [...new Set(fun)], many: true };
  const names = [...new Set(fun.split(','))];
  return { names, many: names.length > 1 };
}

/** `pattern` matches at the start of `value` (Python's re.match, as Salt's mine_get ACL); an invalid one never matches. */
function reMatch(pattern: string, value: string): boolean {
  try {
    const re = compileRegex(pattern);
    re.lastIndex = 0;
    return re.test(value);
  } catch {
    return false;
  }
}

/**
 * Whether the master-side ACL lets `requester` read function `fun`, as Salt's `_mine_get`: the function regexes
 * of every minion regex that matches the requester's id; everything without an ACL, nothing with a malformed one.
 */
export function aclAllows(acl: MineGetAcl, requester: string, fun: string): boolean {
  if (acl === null || acl === undefined) return true;
  if (!isDict(acl)) return false;
  return Object.entries(acl).some(([minions, funs]) => Array.isArray(funs) && reMatch(minions, requester) && funs.some((f) => typeof f === 'string' && reMatch(f, fun)));
}

/** The master's side of the mine. */
export class Mine {
  constructor(
    private readonly data: MinionData,
    /** The minions a target selects (jobs.ts `target`). @throws TargetError for a malformed target */
    private readonly resolve: (target: Target) => string[],
    /** The master's `mine_get` option. */
    private readonly acl: MineGetAcl = null,
  ) {}

  /**
   * `_mine` from minion `id`: merge `data` into its mine (replace it with `clear`).
   * @throws SaltInvocationError for an empty or overlong function name, an allow_tgt that is malformed or not
   *   allowed from a minion (checkMinionTarget), or a mine that would exceed MINE_MAX_BYTES
   */
  async store(id: string, { data, clear }: MineStoreLoad): Promise<true> {
    for (const [name, entry] of Object.entries(data)) {
      if (name === '' || name.length > MAX_FUNCTION_NAME) throw new SaltInvocationError(`Invalid mine function name ${JSON.stringify(name.slice(0, 64))}`);
      if (isDict(entry) && MINE_ACL_ID in entry) entryAcl(name, entry);
    }
    const mine: MineData = clear ? { ...data } : { ...(this.data.mine(id) ?? {}), ...data };
    const size = pack(mine).length;
    if (size > MINE_MAX_BYTES) throw new SaltInvocationError(`Mine data of ${id} refused: ${size} bytes, more than the ${MINE_MAX_BYTES} a minion may store`);
    await this.data.setMine(id, mine);
    return true;
  }

  /**
   * `_mine_delete` from minion `id`: forget function `fun`'s data, or the whole mine without `fun` (mine.flush).
   * @returns false when there was nothing to forget
   */
  async delete(id: string, fun?: string): Promise<boolean> {
    const mine = this.data.mine(id);
    if (!mine) return false;
    if (fun === undefined) return this.data.removeMine(id);
    if (!Object.hasOwn(mine, fun)) return false;
    const { [fun]: _gone, ...rest } = mine;
    await this.data.setMine(id, rest);
    return true;
  }

  /**
   * `_mine_get` from minion `requester`: the data of the functions asked for that the master's ACL lets it read,
   * of the minions the target selects, of the entries whose allow_tgt selects it: {minion: data} for one
   * function, {function: {minion: data}} for several (objects without a prototype: any name is plain data).
   * An entry whose allow_tgt does not resolve is left out, as one that does not select the requester.
   * @throws SaltInvocationError for a target not allowed from a minion (checkMinionTarget), or data passing
   *   MINE_GET_MAX_BYTES (reading stops there); TargetError for a malformed target
   */
  get(requester: string, load: MineGetLoad): Record<string, unknown> {
    checkMinionTarget(load, 'mine.get');
    const { names: asked, many } = mineFunctions(load.fun);
    const names = asked.filter((fun) => aclAllows(this.acl, requester, fun));
    const out: Record<string, unknown> = Object.create(null);
    if (names.length === 0) return out;
    const allowed = new Map<string, Set<string>>();
    const mayRead = (allow: Target) => {
      const key = JSON.stringify(allow);
      let readers = allowed.get(key);
      if (!readers) {
        try {
          readers = new Set(this.resolve(allow));
        } catch {
          readers = new Set(); // an ACL that does not resolve allows nobody, and fails no other entry
        }
        allowed.set(key, readers);
      }
      return readers.has(requester);
    };
    let bytes = 0;
    for (const minion of this.resolve(load)) {
      const mine = this.data.mine(minion);
      if (!mine) continue;
      for (const fun of names) {
        if (!Object.hasOwn(mine, fun)) continue;
        const { data, allow } = unwrapEntry(mine[fun], fun);
        if (allow && !mayRead(allow)) continue;
        bytes += pack(data).length;
        if (bytes > MINE_GET_MAX_BYTES) {
          throw new SaltInvocationError(`mine.get refused: the data asked for passes the ${MINE_GET_MAX_BYTES} bytes one reply may carry; target fewer minions or functions`);
        }
        if (many) ((out[fun] ??= Object.create(null)) as Record<string, unknown>)[minion] = data;
        else out[minion] = data;
      }
    }
    return out;
  }
}
