/**
 * The master's minion data cache (Salt's `cachedir/minions/<id>/data.p`): the
 * grains each minion sent with its (sealed) pillar request, at start and on
 * saltutil.refresh_grains / refresh_pillar, and the pillar compiled for it, so
 * the master can compute the expected minions of grain and pillar targets
 * (CkMinions).
 * Kept in LMDB under `cachedir/minions`, one record per minion id, and read
 * from there when a target needs it (LMDB reads are memory-mapped, a few µs a
 * record): the JS heap holds no per-minion copy, so the master's memory per
 * minion does not grow with the size of its grains.
 * The mine (Salt's `minions/<id>/mine.p`) is a second database of the same
 * store, so a pillar refresh, which rewrites a minion's record, leaves its
 * mine alone.
 */
import path from 'node:path';
import { open, type Database, type RootDatabase } from 'lmdb';
import type { Grains, Pillar } from '@brine/core/loader/define';
import type { MinionFacts } from '@brine/core/matchers/index';
import { ensureDir } from '@brine/core/paths';

interface MinionRecord {
  grains?: Grains;
  pillar?: Pillar;
}

/** One minion's mine: function name -> the data it sent. */
export type MineData = Record<string, unknown>;

/** Per-minion grains, pillar and mine data, persisted across master restarts. */
export class MinionData {
  private constructor(
    private readonly root: RootDatabase,
    private readonly db: Database<MinionRecord, string>,
    private readonly mines: Database<MineData, string>,
  ) {}

  /** Open, creating it if needed, the cache under `cachedir/minions`. Only the master opens it, as the job cache (see job-cache.ts). */
  static open(cachedir: string): MinionData {
    const dir = path.join(cachedir, 'minions');
    ensureDir(dir);
    const root = open({ path: dir, maxDbs: 2, compression: false });
    return new MinionData(
      root,
      root.openDB<MinionRecord, string>({ name: 'data', encoding: 'msgpack' }),
      root.openDB<MineData, string>({ name: 'mine', encoding: 'msgpack' }),
    );
  }

  /** Store the grains `id` reported and the pillar compiled for it. */
  set(id: string, grains: Grains, pillar: Pillar): Promise<boolean> {
    return this.db.put(id, { grains, pillar });
  }

  /** What the master knows of `id` for matching, or undefined when it never reported grains. */
  facts(id: string): MinionFacts | undefined {
    const r = this.db.get(id);
    return r?.grains ? { id, grains: r.grains, pillar: r.pillar ?? {} } : undefined;
  }

  /** The cached grains of `id`, if any. */
  grains(id: string): Grains | undefined {
    return this.db.get(id)?.grains;
  }

  /** The cached pillar of `id`, if any. */
  pillar(id: string): Pillar | undefined {
    return this.db.get(id)?.pillar;
  }

  /** Every minion id with cached grains or pillar, sorted. */
  ids(): string[] {
    return [...this.db.getKeys()].map(String).sort();
  }

  /** The mine data of `id`, if it sent any. */
  mine(id: string): MineData | undefined {
    return this.mines.get(id);
  }

  /** Every minion id with mine data, sorted. */
  mineIds(): string[] {
    return [...this.mines.getKeys()].map(String).sort();
  }

  /** Store the whole mine of `id`. */
  setMine(id: string, data: MineData): Promise<boolean> {
    return this.mines.put(id, data);
  }

  /** Forget the mine of `id`. */
  removeMine(id: string): Promise<boolean> {
    return this.mines.remove(id);
  }

  /**
   * Forget every minion not in `keep` (their keys were deleted while the master was not running).
   * @returns how many were forgotten
   */
  async prune(keep: Set<string>): Promise<number> {
    const gone = [...new Set([...this.db.getKeys(), ...this.mines.getKeys()])].filter((id) => !keep.has(id));
    await Promise.all(gone.map((id) => this.remove(id)));
    return gone.length;
  }

  /** Forget `id`, its mine included (its key was deleted). */
  async remove(id: string): Promise<boolean> {
    const [data] = await Promise.all([this.db.remove(id), this.mines.remove(id)]);
    return data;
  }

  /** Close the store. */
  async close(): Promise<void> {
    await this.root.close();
  }
}
