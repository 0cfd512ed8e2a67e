/**
 * Syncing custom modules from the master, as Salt's `salt.utils.extmods.sync`:
 * the `.js` files under `salt://_<type>/` of each saltenv are fetched through
 * the minion's file client (the master's file server over the sealed request
 * channel, or the local file_roots under salt-call --local) and copied into
 * `<extension_modules>/<type>/`, where the minion loads them. Nothing else is
 * ever copied there: the sources are only the file server's listing, never a
 * path given by a job.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { MinionConfig } from '../config/minion';
import { SaltInvocationError } from '../errors';
import { sha256File } from '../fileserver/hash';
import { confine, ensureDir, unlessGone, writeFileAtomic } from '../paths';
import { isDict } from '../python';
import type { FileClient } from './define';

/** Every type `saltutil.sync_all` reports, as Salt 3006 (its keys, in its order once sorted). */
export const EXTMOD_TYPES = [
  'beacons', 'clouds', 'engines', 'executors', 'grains', 'log_handlers', 'matchers', 'modules', 'output',
  'proxymodules', 'renderers', 'returners', 'sdb', 'serializers', 'states', 'thorium', 'utils',
] as const;

/** A type of custom module Salt syncs. */
export type ExtmodType = (typeof EXTMOD_TYPES)[number];

/** The types brine loads: the others have no loader in brine, so nothing is synced for them. */
export const LOADED_EXTMOD_TYPES = ['grains', 'modules', 'states'] as const satisfies readonly ExtmodType[];

/** A type brine loads. */
export type LoadedExtmodType = (typeof LOADED_EXTMOD_TYPES)[number];

/** The extension folder: `extension_modules`, else `<cachedir>/extmods` (Salt's default). */
export function extmodsDir(opts: Pick<MinionConfig, 'extension_modules' | 'cachedir'>): string {
  return opts.extension_modules ? path.resolve(opts.extension_modules) : path.join(opts.cachedir, 'extmods');
}

/** Names to keep or skip, per type: Salt's extmod_whitelist / extmod_blacklist. */
export type ExtmodFilter = Partial<Record<string, string[]>>;

/**
 * Read an extmod_whitelist or extmod_blacklist argument as Salt does: a
 * comma-separated string names modules of `type`; a dict maps types to lists.
 * @throws SaltInvocationError for anything else
 */
export function extmodFilter(value: unknown, type: ExtmodType, name: string): ExtmodFilter | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return { [type]: value.split(',').map((s) => s.trim()) };
  if (isDict(value) && Object.values(value).every((v) => Array.isArray(v) && v.every((n) => typeof n === 'string'))) {
    return value as ExtmodFilter;
  }
  throw new SaltInvocationError(`${name} must be a string or dictionary: ${JSON.stringify(value)}`);
}

/** What to sync: the saltenvs, in order, and the filters. */
export interface SyncRequest {
  saltenvs: string[];
  whitelist?: ExtmodFilter;
  blacklist?: ExtmodFilter;
}

/** Relative paths of the files under `dir`, or none when it does not exist. */
function filesUnder(dir: string): string[] {
  const entries = unlessGone(() => fs.readdirSync(dir, { recursive: true, withFileTypes: true })) ?? [];
  return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

/** Remove the empty folders under `dir` (not `dir` itself), deepest first. */
function removeEmptyDirs(dir: string): void {
  for (const e of unlessGone(() => fs.readdirSync(dir, { withFileTypes: true })) ?? []) {
    if (!e.isDirectory()) continue;
    const sub = path.join(dir, e.name);
    removeEmptyDirs(sub);
    if (fs.readdirSync(sub).length === 0) fs.rmdirSync(sub);
  }
}

/** True when both files exist with the same content. */
async function sameContent(a: string, b: string): Promise<boolean> {
  if (!fs.existsSync(b)) return false;
  return (await sha256File(a)) === (await sha256File(b));
}

/**
 * Sync the custom modules of `type` from `salt://_<type>/` into `<extmodsDir>/<type>/`.
 * A file whose content is unchanged is left alone; with `clean` (Salt's
 * clean_dynamic_modules), files no longer on the file server are removed
 * (Salt lists only what was added or changed, not what was removed).
 * Files are written with mode 0600 in folders of mode 0700 (Salt's umask 077).
 * @returns Salt's list of what was added or changed: `['modules.hello', 'modules.sub.tool']` (sub-folders joined by dots), in file server order
 * @throws CommandExecutionError (or the file server's error) when a listing or a file cannot be fetched
 */
export async function syncExtmods(files: FileClient, type: ExtmodType, dir: string, req: SyncRequest, clean: boolean): Promise<string[]> {
  const modDir = path.join(dir, type);
  ensureDir(modDir);
  const prefix = `_${type}/`;
  const changed: string[] = [];
  const remote = new Set<string>();
  for (const saltenv of req.saltenvs) {
    for (const rel of (await files.listFiles(saltenv)).filter((f) => f.startsWith(prefix) && f.endsWith('.js'))) {
      const relpath = rel.slice(prefix.length);
      const relname = relpath.slice(0, -'.js'.length).split('/').join('.');
      const allowed = req.whitelist?.[type];
      if (allowed && !allowed.includes(relname)) continue;
      if (req.blacklist?.[type]?.includes(relname)) continue;
      remote.add(relpath);
      const src = await files.cacheFile(`salt://${rel}`, saltenv);
      const dest = confine(modDir, relpath);
      if (await sameContent(src, dest)) continue;
      ensureDir(path.dirname(dest));
      writeFileAtomic(dest, fs.readFileSync(src), 0o600);
      changed.push(`${type}.${relname}`);
    }
  }
  if (clean) {
    for (const stale of filesUnder(modDir).filter((f) => !remote.has(f.split(path.sep).join('/')))) fs.rmSync(path.join(modDir, stale), { force: true });
    removeEmptyDirs(modDir);
  }
  return changed;
}
