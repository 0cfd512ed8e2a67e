/**
 * brine's own version, as Salt's `salt.version`: read once from the nearest
 * package.json up the tree from this file, so it works from `src/` (tests),
 * `dist/` (builds) and an installed package alike.
 */
import fs from 'node:fs';
import path from 'node:path';

let cached: string | undefined;

/** The fields of a package.json that brine reads. */
export interface PackageJson {
  name?: string;
  version?: string;
  workspaces?: string[];
  dependencies?: Record<string, string>;
}

/** The parsed package.json in folder `dir`, or undefined when there is none (or it is not JSON). */
export function readPackage(dir: string): PackageJson | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as PackageJson;
  } catch {
    return undefined;
  }
}

/** The folders from this file's up to the filesystem root, nearest first. */
function foldersAbove(): string[] {
  const out: string[] = [];
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    out.push(dir);
    if (path.dirname(dir) === dir) return out;
  }
}

/** The folder of brine's root package.json (name 'brine') above this file, or undefined when installed without it. */
export function brineRoot(): string | undefined {
  return foldersAbove().find((dir) => readPackage(dir)?.name === 'brine');
}

/**
 * The version of brine, e.g. '0.1.0' (the `saltversion` grain and `test.version`).
 * Prefers the repository's root package.json (name 'brine'); falls back to the
 * nearest '@brine/*' package when brine is installed without its root.
 * @throws Error when no brine package.json is found above this file (a broken install)
 */
export function brineVersion(): string {
  if (cached) return cached;
  let fallback: string | undefined;
  for (const dir of foldersAbove()) {
    const pkg = readPackage(dir);
    if (pkg?.name === 'brine' && pkg.version) return (cached = pkg.version);
    if (pkg?.name?.startsWith('@brine/') && pkg.version) fallback ??= pkg.version;
  }
  if (!fallback) throw new Error(`No brine package.json found above ${__dirname}`);
  return (cached = fallback);
}
