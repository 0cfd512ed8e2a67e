/**
 * What salt-cp sends, as Salt's salt-cp decides it: the files under its
 * sources (directories walked, with --chunked), their modes, the empty
 * directories, and where each lands under DEST on the minions.
 */
import fs from 'node:fs';
import path from 'node:path';
import { SaltInvocationError } from '@brine/core/errors';

/** A source that does not exist: salt-cp prints `<path> does not exist` and exits 42, as Salt's. */
export class MissingSource extends Error {
  constructor(readonly source: string) {
    super(`${source} does not exist`);
  }
}

/** The files and empty directories under salt-cp's sources. */
export interface SourceTree {
  /** Every file, by its path on this host, with its permission bits (`st_mode & 0o7777`), in walk order. */
  files: Map<string, number>;
  /** Every empty directory, sorted. */
  emptyDirs: string[];
}

/** A source that is neither a regular file nor a directory (a FIFO, a device, a socket): it has no end to send. */
export class NotAFile extends SaltInvocationError {
  constructor(readonly source: string) {
    super(`${source} is not a regular file or a directory; salt-cp sends only those`);
  }
}

/**
 * Walk `sources` (absolute paths) as Salt's salt-cp --chunked does: a file is itself, a directory gives
 * the files under it (symlinks followed, each directory once, so a symlink loop ends) and its empty
 * directories.
 * @throws MissingSource for a source, or an entry met while walking, that does not exist; NotAFile for a
 *   FIFO, device or socket (reading one would hang or never end)
 */
export function walkSources(sources: readonly string[]): SourceTree {
  const files = new Map<string, number>();
  const emptyDirs = new Set<string>();
  const seen = new Set<string>();
  const walk = (p: string): void => {
    const st = fs.statSync(p, { throwIfNoEntry: false });
    if (!st) throw new MissingSource(p);
    if (st.isFile()) {
      files.set(p, st.mode & 0o7777);
      return;
    }
    if (!st.isDirectory()) throw new NotAFile(p);
    const id = `${st.dev}:${st.ino}`;
    if (seen.has(id)) return;
    seen.add(id);
    const entries = fs.readdirSync(p).sort();
    if (entries.length === 0) emptyDirs.add(p);
    for (const entry of entries) walk(path.join(p, entry));
  };
  for (const source of sources) walk(source);
  return { files, emptyDirs: [...emptyDirs].sort() };
}

/**
 * Whether DEST names a directory the files go into, as Salt's: when several files or any empty directory
 * are sent, or DEST ends with a slash.
 */
export function destIsDir(tree: SourceTree, dest: string): boolean {
  return tree.emptyDirs.length > 0 || tree.files.size > 1 || /[\\/]$/.test(dest);
}

/**
 * Where the file or empty directory `local` lands on the minions, as Salt's: a source named on the
 * command line lands at DEST (or DEST/<its name> when DEST is a directory); what was found under a
 * source directory lands at DEST/<directory name>/<path under it>.
 * @param sources the sources, absolute, as given
 * @returns the path on the minions
 */
export function remotePath(local: string, sources: readonly string[], dest: string, intoDir: boolean): string {
  if (sources.includes(local)) return intoDir ? path.posix.join(dest, path.basename(local)) : dest;
  const under = sources.find((s) => local.startsWith(s.endsWith(path.sep) ? s : s + path.sep));
  // walkSources only lists paths under the sources.
  if (under === undefined) throw new Error(`${local} is under none of the sources`);
  return path.posix.join(dest, path.basename(under), path.relative(under, local));
}
