/**
 * Salt's `pkg` state module: packages installed (optionally at a pinned
 * version), at the latest version, or removed, through the `pkg` execution
 * module (apt and dpkg on Debian). Comments follow Salt 3006's pkg states.
 */
import { CommandExecutionError, SaltError } from '@brine/core/errors';
import { arg, type ArgsOf, type ArgSpec, type ExecContext } from '@brine/core/loader/define';
import { expectResult } from '@brine/core/loader/expect';
import { defineStateFunction, defineStateModule, stateReturn, type StateReturn } from '@brine/core/state/define';
import { isStringMap } from '@brine/core/traverse';
import { isDict } from '@brine/core/python';
import { parseTargets, type PkgList } from '@brine/modules/aptpkg';

const NAME = arg({ name: 'name', type: 'string', required: true, doc: 'The package, or the state ID when `pkgs` is given.' });
const PKGS = arg({ name: 'pkgs', type: 'list', doc: 'Several packages: names, or {name: version} maps to pin versions.' });
const VERSION = arg({ name: 'version', type: 'string', doc: "Exact version for `name`, e.g. '1.22.1-9' (quote it in YAML)." });
const REFRESH = arg({ name: 'refresh', type: 'boolean', default: false, doc: 'Update the package lists first (apt-get update).' });

const INSTALLED_ARGS = [NAME, VERSION, REFRESH, PKGS] as const satisfies readonly ArgSpec[];
const LATEST_ARGS = [NAME, REFRESH, PKGS] as const satisfies readonly ArgSpec[];
const REMOVED_ARGS = [NAME, VERSION, PKGS] as const satisfies readonly ArgSpec[];

/** Installed packages, from pkg.list_pkgs. */
async function listPkgs(ctx: ExecContext): Promise<PkgList> {
  return expectResult('pkg.list_pkgs', await ctx.salt.call('pkg.list_pkgs'), isStringMap, '{name: version}');
}

/**
 * Run pkg.install or pkg.remove, prefixing a failure with Salt's wording.
 * @throws CommandExecutionError "<failure>: <reason>"
 */
async function change(ctx: ExecContext, fun: string, pkgs: unknown[], failure: string): Promise<Record<string, unknown>> {
  let changes: unknown;
  try {
    changes = await ctx.salt.call(fun, [], { pkgs });
  } catch (err) {
    if (err instanceof SaltError) throw new CommandExecutionError(`${failure}: ${err.message}`);
    throw err;
  }
  return expectResult(fun, changes, isDict, '{name: {old, new}}');
}

/** True when `pkg` is installed (at `version`, when one is pinned). */
function has(list: PkgList, pkg: string, version: string | undefined): boolean {
  return pkg in list && (version === undefined || list[pkg] === version);
}

/** Salt's pkg.installed. */
async function installed(ctx: ExecContext, a: ArgsOf<typeof INSTALLED_ARGS>): Promise<StateReturn> {
  const targets = parseTargets(a.name, a.pkgs, a.version);
  const before = await listPkgs(ctx);
  const todo = [...targets].filter(([pkg, version]) => !has(before, pkg, version));
  if (todo.length === 0) {
    const pinned = [...targets.values()].some((v) => v !== undefined);
    return stateReturn(a.name, true, `All specified packages are already installed${pinned ? ' and are at the desired version' : ''}`);
  }
  if (ctx.test) {
    const summary = todo.map(([pkg, version]) => (version ? `${pkg}=${version}` : pkg)).join(', ');
    const changes = Object.fromEntries(todo.map(([pkg]) => [pkg, { new: 'installed', old: '' }]));
    return stateReturn(a.name, null, `The following packages would be installed/updated: ${summary}`, changes);
  }
  if (a.refresh) await ctx.salt.call('pkg.refresh_db');
  const wanted = todo.map(([pkg, version]) => (version ? { [pkg]: version } : pkg));
  const changes = await change(ctx, 'pkg.install', wanted, 'An error was encountered while installing package(s)');
  const after = await listPkgs(ctx);
  const failed = todo.filter(([pkg, version]) => !has(after, pkg, version)).map(([pkg]) => pkg);
  const done = todo.map(([pkg]) => pkg).filter((pkg) => !failed.includes(pkg));
  const already = [...targets.keys()].filter((pkg) => !todo.some(([t]) => t === pkg));
  const comment = [
    done.length ? `The following packages were installed/updated: ${done.join(', ')}` : '',
    already.length ? `The following packages were already installed: ${already.join(', ')}` : '',
    failed.length ? `The following packages failed to install/update: ${failed.join(', ')}` : '',
  ];
  return stateReturn(a.name, failed.length === 0, comment.filter(Boolean).join('\n'), changes);
}

/** Salt's pkg.latest. */
async function latest(ctx: ExecContext, a: ArgsOf<typeof LATEST_ARGS>): Promise<StateReturn> {
  const names = [...parseTargets(a.name, a.pkgs, undefined).keys()];
  if (a.refresh && !ctx.test) await ctx.salt.call('pkg.refresh_db');
  const before = await listPkgs(ctx);
  const isVersions = (v: unknown): v is string | Record<string, string> => typeof v === 'string' || isStringMap(v);
  const found = expectResult('pkg.latest_version', await ctx.salt.call('pkg.latest_version', names, { refresh: false }), isVersions, 'a version or {name: version}');
  const candidate = (pkg: string): string => (typeof found === 'string' ? found : found[pkg]);
  const problems = names.filter((pkg) => !candidate(pkg) && !(pkg in before)).map((pkg) => `No information found for '${pkg}'.`);
  if (problems.length) return stateReturn(a.name, false, problems.join(' '));
  const targets = names.filter((pkg) => candidate(pkg));
  const upToDate = names.filter((pkg) => !candidate(pkg));
  if (targets.length === 0) {
    return stateReturn(a.name, true, names.length === 1 ? `Package ${names[0]} is already up-to-date` : `All packages are up-to-date (${names.join(', ')}).`);
  }
  const current = upToDate.length ? [`The following packages were already up-to-date: ${upToDate.join(', ')}`] : [];
  if (ctx.test) {
    const changes = Object.fromEntries(targets.map((pkg) => [pkg, { old: before[pkg] ?? '', new: candidate(pkg) }]));
    return stateReturn(a.name, null, [`The following packages would be installed/upgraded: ${targets.join(', ')}`, ...current].join('\n'), changes);
  }
  const changes = await change(ctx, 'pkg.install', targets, 'An error was encountered while installing/upgrading package(s)');
  const after = await listPkgs(ctx);
  const failed = targets.filter((pkg) => after[pkg] !== candidate(pkg));
  const done = targets.filter((pkg) => !failed.includes(pkg));
  const comment = [
    failed.length ? `The following packages failed to update: ${failed.join(', ')}` : '',
    done.length ? `The following packages were successfully installed/upgraded: ${done.join(', ')}` : '',
    ...current,
  ];
  return stateReturn(a.name, failed.length === 0, comment.filter(Boolean).join(' '), changes);
}

/** Salt's pkg.removed. */
async function removed(ctx: ExecContext, a: ArgsOf<typeof REMOVED_ARGS>): Promise<StateReturn> {
  const targets = parseTargets(a.name, a.pkgs, a.version);
  const before = await listPkgs(ctx);
  const present = [...targets].filter(([pkg, version]) => has(before, pkg, version)).map(([pkg]) => pkg);
  if (present.length === 0) return stateReturn(a.name, true, 'None of the targeted packages are installed');
  if (ctx.test) {
    const changes = Object.fromEntries(present.map((pkg) => [pkg, { new: 'removed', old: '' }]));
    return stateReturn(a.name, null, `The following packages will be removed: ${present.join(', ')}.`, changes);
  }
  const changes = await change(ctx, 'pkg.remove', present, 'An error was encountered while removing package(s)');
  const after = await listPkgs(ctx);
  const failed = present.filter((pkg) => pkg in after);
  if (failed.length) return stateReturn(a.name, false, `The following packages failed to remove: ${failed.join(', ')}.`, changes);
  const absent = [...targets.keys()].filter((pkg) => !present.includes(pkg));
  const comment = absent.length
    ? `The following packages were not installed: ${absent.join(', ')} The following packages were removed: ${present.join(', ')}.`
    : 'All targeted packages were removed.';
  return stateReturn(a.name, true, comment, changes);
}

export default defineStateModule({
  name: 'pkg',
  doc: `Keep packages installed, up to date or removed, as Salt's pkg states, through the pkg execution module.

Under test=True the states say which packages would change (result None) and install nothing.`,
  functions: {
    installed: defineStateFunction({
      doc: `Make sure packages are installed, at the pinned version when one is given.
Changes: {name: {old, new}} from pkg.install. Comments: "All specified packages are already installed",
"The following packages were installed/updated: a, b"; under test=True "The following packages would be installed/updated: a=1.0, b".`,
      example: "salt '*' state.single pkg.installed nginx version=1.22.1-9",
      args: INSTALLED_ARGS,
      run: installed,
    }),
    latest: defineStateFunction({
      doc: `Make sure packages are installed at the newest version apt offers.
Changes: {name: {old, new}}. Comments: "Package <name> is already up-to-date",
"The following packages were successfully installed/upgraded: a"; "No information found for '<name>'." when apt knows none.`,
      example: "salt '*' state.single pkg.latest openssl refresh=True",
      args: LATEST_ARGS,
      run: latest,
    }),
    removed: defineStateFunction({
      doc: `Make sure packages are not installed (with \`version\`, only that version is removed).
Changes: {name: {old, new: ''}}. Comments: "None of the targeted packages are installed", "All targeted packages were removed.".`,
      example: "salt '*' state.single pkg.removed telnet",
      args: REMOVED_ARGS,
      run: removed,
    }),
  },
});
