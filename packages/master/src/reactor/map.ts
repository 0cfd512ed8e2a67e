/**
 * The reactor map of the master config (`reactor:`), as Salt's
 * `list_reactors`: a list of single-key mappings, a tag glob (Python's
 * fnmatch) to an SLS path or a list of them. An event calls for the files of
 * every entry its tag matches, in the map's order.
 *
 *     reactor:
 *       - 'salt/minion/*\/start':
 *         - /srv/reactor/start.sls
 *         - salt://reactor/highstate.sls
 */
import type { Logger } from '@brine/core/log';
import { globError, globMatch } from '@brine/core/matchers/glob';
import { isDict } from '@brine/core/python';

/** One entry: its tag glob and SLS paths. */
interface Entry {
  glob: string;
  files: string[];
}

/** The parsed map; entries Salt would skip are logged here once, at start. */
export class ReactorMap {
  private readonly entries: Entry[] = [];

  /**
   * @param config the `reactor` config value; an entry that is not a single-key mapping to a path or a list of
   *   paths, or whose glob is invalid, is logged and skipped (Salt skips it silently)
   */
  constructor(config: unknown, log: Logger) {
    if (!Array.isArray(config)) {
      if (config !== undefined && config !== null) log.error(`The reactor map must be a list of {tag glob: [SLS paths]}; got ${JSON.stringify(config)}: no reactor runs`);
      return;
    }
    for (const item of config) {
      const files = isDict(item) && Object.keys(item).length === 1 ? Object.values(item)[0] : undefined;
      const list = typeof files === 'string' ? [files] : files;
      if (!Array.isArray(list) || !list.every((f) => typeof f === 'string')) {
        log.error(`Reactor map entry skipped: not {tag glob: SLS path or list of paths}: ${JSON.stringify(item)}`);
        continue;
      }
      const glob = Object.keys(item as object)[0];
      const error = globError(glob);
      if (error) {
        log.error(`Reactor map entry '${glob}' skipped: ${error}`);
        continue;
      }
      this.entries.push({ glob, files: list as string[] });
    }
  }

  /** Whether the map has any entry. */
  get empty(): boolean {
    return this.entries.length === 0;
  }

  /** Whether some entry's glob matches `tag`. */
  wants(tag: string): boolean {
    return this.entries.some((e) => globMatch(e.glob, tag));
  }

  /** The SLS paths `tag` calls for, in the map's order (a path listed twice is rendered twice, as Salt). */
  files(tag: string): string[] {
    return this.entries.filter((e) => globMatch(e.glob, tag)).flatMap((e) => e.files);
  }

}
