/**
 * The master's minion data cache (Salt's `cachedir/minions/<id>/data.p`): the
 * grains each minion sent with its (sealed) pillar request, at start and on
 * saltutil.refresh_grains / refresh_pillar, and the pillar compiled for it, so
 * the master can compute the expected minions of grain and pillar targets
 * (CkMinions).
 * Kept in LMDB under `cachedir/minions`, one record per minion id, held in
 * memory too for the publish path.
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

/** Per-minion grains and pillar, persisted across master restarts. */
export class MinionData {
  private readonly mem = new Map<string, MinionRecord>();

  private constructor(
    private readonly root: RootDatabase,
    private readonly db: Database<MinionRecord, string>,
  ) {
    for (const { key, value } of db.getRange()) this.mem.set(key, value);
  }

  /**
   * Open (the master creates) the cache under `cachedir/minions` and load it into memory.
   * @param readOnly open for reading only (salt-run); the store must exist
   */
  static open(cachedir: string, readOnly = false): MinionData {
    const dir = path.join(cachedir, 'minions');
    if (!readOnly) ensureDir(dir);
    const root = open({ path: dir, maxDbs: 2, compression: false, readOnly });
    return new MinionData(root, root.openDB<MinionRecord, string>({ name: 'data', encoding: 'msgpack' }));
  }

  /** Store the grains `id` reported and the pillar compiled for it. */
  set(id: string, grains: Grains, pillar: Pillar): Promise<boolean> {
    const record = { grains, pillar };
    this.mem.set(id, record);
    return this.db.put(id, record);
  }

  /** What the master knows of `id` for matching, or undefined when it never reported grains. */
  facts(id: string): MinionFacts | undefined {
    const r = this.mem.get(id);
    return r?.grains ? { id, grains: r.grains, pillar: r.pillar ?? {} } : undefined;
  }

  /** The cached grains of `id`, if any. */
  grains(id: string): Grains | undefined {
    return this.mem.get(id)?.grains;
  }

  /** Forget `id` (its key was deleted). */
  remove(id: string): Promise<boolean> {
    this.mem.delete(id);
    return this.db.remove(id);
  }

  /** Close the store. */
  async close(): Promise<void> {
    await this.root.close();
  }
}
