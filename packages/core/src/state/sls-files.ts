/**
 * Finding SLS files on the file server, as Salt's HighState: SLS `a.b` is
 * `salt://a/b.sls`, else `salt://a/b/init.sls`. Each environment's file list
 * is fetched once and kept, so looking up many SLS costs one listing.
 */
import fs from 'node:fs/promises';
import type { FileClient } from '../loader/define';

/** An SLS file found on the file server. */
export interface SlsFile {
  /** Its path from the file roots (`a/b.sls`), what `salt://` URLs and template imports name. */
  path: string;
  /** Its text. */
  text: string;
  /** True for `a/b/init.sls`: relative includes then start from `a.b` itself. */
  init: boolean;
}

/** SLS lookups over one file client, for one compilation. */
export class SlsFiles {
  private readonly listings = new Map<string, Promise<Set<string>>>();

  constructor(private readonly files: FileClient) {}

  private listing(saltenv: string): Promise<Set<string>> {
    let list = this.listings.get(saltenv);
    if (!list) {
      list = this.files.listFiles(saltenv).then((names) => new Set(names));
      this.listings.set(saltenv, list);
    }
    return list;
  }

  /**
   * The file of SLS `sls` in `saltenv`, fetched through the file client's cache.
   * @returns undefined when neither `a/b.sls` nor `a/b/init.sls` exists
   * @throws CommandExecutionError from the file client (unknown saltenv, a path escaping the roots)
   */
  async find(sls: string, saltenv: string): Promise<SlsFile | undefined> {
    const base = sls.replace(/\./g, '/');
    const names = await this.listing(saltenv);
    for (const [rel, init] of [[`${base}.sls`, false], [`${base}/init.sls`, true]] as const) {
      if (!names.has(rel)) continue;
      const local = await this.files.cacheFile(`salt://${rel}`, saltenv);
      return { path: rel, text: await fs.readFile(local, 'utf8'), init };
    }
    return undefined;
  }
}
