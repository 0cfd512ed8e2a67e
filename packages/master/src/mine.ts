/**
 * The Salt mine on the master (Salt's `_mine`, `_mine_delete` and
 * `_mine_get` of its RemoteFuncs): minions send the results of their
 * mine functions, which the master keeps in its minion data cache
 * (minion-data.ts), and any minion may read those of the minions a target
 * selects. A minion writes only its own mine (the handlers act for the id
 * that sealed the request), and at most MINE_MAX_BYTES of it. An entry sent
 * with `allow_tgt` (Salt's minion-side ACL) is read only by the minions that
 * target selects.
 */
import { SaltInvocationError } from '@brine/core/errors';
import { isDict } from '@brine/core/traverse';
import { pack } from '@brine/core/protocol/frame';
import { MINE_MAX_BYTES, TARGET_TYPES, type TargetType } from '@brine/core/protocol/v1/constants';
import type { Target } from '@brine/core/protocol/v1/loads';
import type { MineGetLoad, MineStoreLoad } from '@brine/core/protocol/v1/minion-requests';
import type { MineData, MinionData } from './minion-data';

/** Salt's marker of an entry wrapped with a minion-side ACL (salt/utils/mine.py MINE_ITEM_ACL_ID). */
export const MINE_ACL_ID = '__saltmine_acl__';
/** Where a wrapped entry keeps the function's data (MINE_ITEM_ACL_DATA). */
export const MINE_ACL_DATA = '__data__';

/** The longest mine function name (an alias or `module.function`) the master stores. */
const MAX_FUNCTION_NAME = 256;

/** The data of one mine entry and, when wrapped with an ACL, the target allowed to read it. */
export function unwrapEntry(entry: unknown): { data: unknown; allow?: Target } {
  if (!isDict(entry) || !(MINE_ACL_ID in entry)) return { data: entry };
  const tgt = entry.allow_tgt;
  if (tgt === undefined || tgt === null || tgt === '') return { data: entry[MINE_ACL_DATA] };
  const type = entry.allow_tgt_type ?? 'glob';
  const valid = (typeof tgt === 'string' || (Array.isArray(tgt) && tgt.every((t) => typeof t === 'string'))) && TARGET_TYPES.includes(type as TargetType);
  // A malformed ACL allows nobody rather than everybody.
  return { data: entry[MINE_ACL_DATA], allow: valid ? { tgt, tgt_type: type as TargetType } : { tgt: [], tgt_type: 'list' } };
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

/** The master's side of the mine. */
export class Mine {
  constructor(
    private readonly data: MinionData,
    /** The minions a target selects (jobs.ts `target`). @throws TargetError for a malformed target */
    private readonly resolve: (target: Target) => string[],
  ) {}

  /**
   * `_mine` from minion `id`: merge `data` into its mine (replace it with `clear`).
   * @throws SaltInvocationError for an empty or overlong function name, or a mine that would exceed MINE_MAX_BYTES
   */
  async store(id: string, { data, clear }: MineStoreLoad): Promise<true> {
    for (const name of Object.keys(data)) {
      if (name === '' || name.length > MAX_FUNCTION_NAME) throw new SaltInvocationError(`Invalid mine function name ${JSON.stringify(name.slice(0, 64))}`);
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
   * `_mine_get` from minion `requester`: the data of the functions asked for, of the minions the target
   * selects, that ACLs let it read: {minion: data} for one function, {function: {minion: data}} for several.
   * @throws TargetError for a malformed target
   */
  get(requester: string, load: MineGetLoad): Record<string, unknown> {
    const { names, many } = mineFunctions(load.fun);
    const allowed = new Map<string, Set<string>>();
    const mayRead = (allow: Target) => {
      const key = JSON.stringify(allow);
      if (!allowed.has(key)) allowed.set(key, new Set(this.resolve(allow)));
      return allowed.get(key)!.has(requester);
    };
    const out: Record<string, unknown> = {};
    for (const minion of this.resolve(load)) {
      const mine = this.data.mine(minion);
      if (!mine) continue;
      for (const fun of names) {
        if (!Object.hasOwn(mine, fun)) continue;
        const { data, allow } = unwrapEntry(mine[fun]);
        if (allow && !mayRead(allow)) continue;
        if (many) ((out[fun] ??= {}) as Record<string, unknown>)[minion] = data;
        else out[minion] = data;
      }
    }
    return out;
  }
}
