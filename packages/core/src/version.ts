/**
 * brine's own version, as Salt's `salt.version`: read once from the nearest
 * package.json up the tree from this file, so it works from `src/` (tests),
 * `dist/` (builds) and an installed package alike.
 */
import fs from 'node:fs';
import path from 'node:path';

let cached: string | undefined;

function readPackage(file: string): { name?: string; version?: string } | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string };
  } catch {
    return undefined;
  }
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
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const pkg = readPackage(path.join(dir, 'package.json'));
    if (pkg?.name === 'brine' && pkg.version) return (cached = pkg.version);
    if (pkg?.name?.startsWith('@brine/') && pkg.version) fallback ??= pkg.version;
    if (path.dirname(dir) === dir) break;
  }
  if (!fallback) throw new Error(`No brine package.json found above ${__dirname}`);
  return (cached = fallback);
}
