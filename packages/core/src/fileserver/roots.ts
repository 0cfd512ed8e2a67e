/**
 * Salt's `roots` file server backend: `salt://path` resolves against the
 * directories of an environment in file_roots, first match wins. A path that
 * escapes its root (`..`, an absolute path, a symlink pointing outside) is
 * refused, and nothing outside the roots is ever read.
 */
import fs from 'node:fs';
import path from 'node:path';
import { AuthorizationError, NotFoundError } from '../errors';

/** Environment name -> root directories, as the file_roots config key. */
export type FileRoots = Record<string, string[]>;

/**
 * The relative path of a `salt://` URL (or a bare relative path).
 * @throws AuthorizationError for an empty, absolute or escaping path, or a NUL byte
 */
export function saltPath(url: string): string {
  const rel = url.startsWith('salt://') ? url.slice('salt://'.length) : url;
  const norm = path.posix.normalize(rel);
  if (rel === '' || rel.includes('\0') || path.posix.isAbsolute(rel) || norm === '..' || norm.startsWith('../')) {
    throw new AuthorizationError(`Path ${JSON.stringify(url)} escapes the file server roots; refused`);
  }
  return norm;
}

/** The real path of `p`, or undefined when it (or a link on it) does not resolve. */
function realpath(p: string): string | undefined {
  try {
    return fs.realpathSync(p);
  } catch {
    return undefined;
  }
}

function inside(root: string, p: string): boolean {
  return p === root || p.startsWith(root + path.sep);
}

/** Reads files from file_roots. */
export class Roots {
  constructor(private readonly roots: FileRoots) {}

  /** The real paths of `saltenv`'s root directories that exist. @throws NotFoundError for an unknown saltenv */
  private realRoots(saltenv: string): string[] {
    const dirs = this.roots[saltenv];
    if (!Object.hasOwn(this.roots, saltenv) || !Array.isArray(dirs)) throw new NotFoundError(`Unknown saltenv '${saltenv}'`);
    return dirs.flatMap((d) => {
      const real = realpath(d);
      return real === undefined ? [] : [real];
    });
  }

  /**
   * Absolute real path of `salt://url` in `saltenv`, or undefined when it does not exist.
   * @throws AuthorizationError when the path (or a symlink on it) escapes its root; NotFoundError for an unknown saltenv
   */
  find(url: string, saltenv: string): string | undefined {
    const rel = saltPath(url);
    for (const root of this.realRoots(saltenv)) {
      const real = realpath(path.join(root, rel));
      if (real === undefined) continue;
      if (!inside(root, real)) throw new AuthorizationError(`Path ${JSON.stringify(url)} resolves outside the file server roots; refused`);
      if (fs.statSync(real).isFile()) return real;
    }
    return undefined;
  }

  /** Relative paths of every regular file in `saltenv` (symlinks that leave the root are skipped), sorted. */
  list(saltenv: string): string[] {
    return this.walk(saltenv).files;
  }

  /** Relative paths of every directory below the roots of `saltenv` (Salt's dir_list; the roots themselves not), sorted. */
  dirs(saltenv: string): string[] {
    return this.walk(saltenv).dirs;
  }

  /**
   * Every regular file and directory of `saltenv`, relative and sorted; symlinks that leave the root are skipped.
   * Symlinks inside the root are followed, so a directory reached by two names is listed under both; a directory
   * link that leads back to one of its own ancestors (`loop -> .`, `a/b -> ../a`), found by device and inode, is
   * skipped with everything below it instead of being walked forever.
   */
  private walk(saltenv: string): { files: string[]; dirs: string[] } {
    const files = new Set<string>();
    const dirs = new Set<string>();
    const idOf = (st: fs.Stats) => `${st.dev}:${st.ino}`;
    for (const root of this.realRoots(saltenv)) {
      /** `ancestors`: the device:inode of `abs` and of every directory above it up to the root. */
      const walk = (abs: string, rel: string, ancestors: Set<string>) => {
        for (const ent of fs.readdirSync(abs, { withFileTypes: true })) {
          const a = path.join(abs, ent.name);
          const r = rel ? `${rel}/${ent.name}` : ent.name;
          const real = realpath(a);
          if (real === undefined || !inside(root, real)) continue;
          const st = fs.statSync(real);
          if (st.isDirectory()) {
            if (ancestors.has(idOf(st))) continue;
            dirs.add(r);
            walk(a, r, new Set(ancestors).add(idOf(st)));
          } else if (st.isFile()) files.add(r);
        }
      };
      walk(root, '', new Set([idOf(fs.statSync(root))]));
    }
    return { files: [...files].sort(), dirs: [...dirs].sort() };
  }
}

/** Salt's message for a missing source file. */
export function notFound(url: string, saltenv: string): NotFoundError {
  return new NotFoundError(`Source file ${url} not found in saltenv '${saltenv}'`);
}
