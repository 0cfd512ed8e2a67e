/**
 * Salt's `aptpkg` module, loaded as `pkg` on Debian-family systems: query
 * packages with dpkg-query and apt-cache, install and remove them with
 * apt-get (non-interactive, keeping existing config files), all through
 * `cmd.run_all` without a shell. Installing and removing needs root.
 */
import fs from 'node:fs';
import { CommandExecutionError, SaltInvocationError } from '@brine/core/errors';
import { arg, defineFunction, defineModule, type ExecContext } from '@brine/core/loader/define';
import { failureText, mustRunArgv, runArgv } from './lib/argv';

/** Installed packages: name -> version. */
export type PkgList = Record<string, string>;
/** What an install or removal changed, as Salt: name -> {old, new} ('' for absent). */
export type PkgChanges = Record<string, { old: string; new: string }>;

/** Debian package names (policy 5.6.1), optionally with an architecture. */
const PKG_NAME = /^[a-z0-9][a-z0-9+.-]+(:[a-z0-9-]+)?$/;
/** Debian versions: [epoch:]upstream[-revision]. */
const PKG_VERSION = /^[A-Za-z0-9.+~:-]+$/;

/** Environment that keeps apt and dpkg from asking questions, as Salt's aptpkg. */
const NONINTERACTIVE = { DEBIAN_FRONTEND: 'noninteractive', APT_LISTBUGS_FRONTEND: 'none', APT_LISTCHANGES_FRONTEND: 'none' };

/**
 * The packages a call targets, as Salt's `pkg_resource.parse_targets`: `pkgs` (a list
 * of names or one-key {name: version} maps) when given, else `name` with `version`.
 * @returns name -> pinned version (undefined when any version will do), in the given order
 * @throws SaltInvocationError for no target, a malformed `pkgs` entry, or an invalid name or version
 */
export function parseTargets(name: unknown, pkgs: unknown, version: unknown): Map<string, string | undefined> {
  const targets = new Map<string, string | undefined>();
  const add = (pkg: unknown, ver: unknown): void => {
    if (typeof pkg !== 'string' || !PKG_NAME.test(pkg)) throw new SaltInvocationError(`Invalid package name ${JSON.stringify(pkg)}`);
    const v = ver === null || ver === undefined || ver === '' ? undefined : String(ver);
    if (v !== undefined && !PKG_VERSION.test(v)) throw new SaltInvocationError(`Invalid version ${JSON.stringify(ver)} for package ${pkg}`);
    targets.set(pkg, v);
  };
  if (Array.isArray(pkgs) && pkgs.length > 0) {
    for (const item of pkgs) {
      if (typeof item === 'string') add(item, undefined);
      else if (item && typeof item === 'object' && !Array.isArray(item) && Object.keys(item).length === 1) add(...Object.entries(item)[0]);
      else throw new SaltInvocationError(`Invalid pkgs entry ${JSON.stringify(item)}: use a name or {name: version}`);
    }
  } else if (name !== null && name !== undefined && name !== '') {
    add(name, version);
  }
  if (targets.size === 0) throw new SaltInvocationError('No package given: pass a name or pkgs');
  return targets;
}

/**
 * Run apt or dpkg with {@link NONINTERACTIVE}, without a shell.
 * @returns its standard output
 * @throws CommandExecutionError "<command> failed: <stderr>" on a non-zero exit
 */
function apt(ctx: ExecContext, argv: string[], what?: string): Promise<string> {
  return mustRunArgv(ctx, argv, { env: NONINTERACTIVE, what });
}

/** dpkg-query's format: status, name and version, tab-separated (dpkg-query reads the backslash escapes itself). */
const SHOWFORMAT = '${Status}\\t${Package}\\t${Version}\\n';

/** Installed packages from dpkg-query (status "installed", held ones included). */
async function listPkgs(ctx: ExecContext): Promise<PkgList> {
  const out = await apt(ctx, ['dpkg-query', `--showformat=${SHOWFORMAT}`, '-W'], `dpkg-query --showformat='${SHOWFORMAT}' -W`);
  const pkgs: PkgList = {};
  for (const line of out.split('\n')) {
    const [status, pkg, version] = line.split('\t');
    if (status?.split(' ')[2] === 'installed') pkgs[pkg] = version;
  }
  return pkgs;
}

/** What changed between two package lists. */
function diffPkgs(before: PkgList, after: PkgList): PkgChanges {
  const changes: PkgChanges = {};
  for (const pkg of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (before[pkg] !== after[pkg]) changes[pkg] = { old: before[pkg] ?? '', new: after[pkg] ?? '' };
  }
  return changes;
}

/**
 * What `apt-get -q update` printed, as Salt's refresh_db reports it: each source ("Get:", "Hit:", "Ign:" and "Err:"
 * lines, without the counter and the download size) -> True when new lists were fetched, None when they were
 * current, False when ignored or failed.
 * @returns the sources, and those that failed (Err)
 */
export function parseAptUpdate(out: string): { sources: Record<string, boolean | null>; errors: string[] } {
  const sources: Record<string, boolean | null> = {};
  const errors: string[] = [];
  for (const line of out.split('\n')) {
    const [head, ...rest] = line.trim().split(/\s+/);
    if (!head) continue;
    const ident = rest.join(' ');
    if (head.includes('Get')) sources[ident.replace(/ \[.+B\]$/, '')] = true;
    else if (head.includes('Ign')) sources[ident] = false;
    else if (head.includes('Hit')) sources[ident] = null;
    else if (head.includes('Err')) {
      sources[ident] = false;
      errors.push(ident);
    }
  }
  return { sources, errors };
}

/** The packages a simulated upgrade would install, from the `Conf <name> (<version> ...` lines of `apt-get --just-print`: name -> version. */
export function parseUpgradable(out: string): PkgList {
  const pkgs: PkgList = {};
  for (const m of out.matchAll(/^Conf (\S+) \((\S+)/gm)) pkgs[m[1]] = m[2];
  return pkgs;
}

/** The folder whose change time says when apt-get update last ran (Salt's APT_LISTS_PATH). */
const APT_LISTS_PATH = '/var/lib/apt/lists';

/**
 * `apt-get -q update`, as Salt's refresh_db: skipped when the lists are younger than `cacheValidTime` seconds.
 * @returns the sources and what happened to each (see {@link parseAptUpdate}); {} when skipped
 * @throws CommandExecutionError with apt-get's stderr when it fails, or naming the failed sources with `failhard`
 */
async function refreshDb(ctx: ExecContext, cacheValidTime = 0, failhard = false): Promise<Record<string, boolean | null>> {
  if (cacheValidTime > 0) {
    const mtime = fs.statSync(APT_LISTS_PATH, { throwIfNoEntry: false })?.mtimeMs;
    if (mtime !== undefined && mtime / 1000 + cacheValidTime > Date.now() / 1000) return {};
  }
  const res = await runArgv(ctx, ['apt-get', '-q', 'update'], NONINTERACTIVE);
  if (res.retcode !== 0) throw new CommandExecutionError(res.stderr || failureText(res));
  const { sources, errors } = parseAptUpdate(res.stdout);
  if (failhard && errors.length) throw new CommandExecutionError(`Error getting repos: ${errors.join(', ')}`);
  return sources;
}

/** One value for one name, a map for several, as Salt's `pkg.version` and `pkg.latest_version`. */
function perName(names: string[], value: (name: string) => string): string | Record<string, string> {
  if (names.length === 1) return value(names[0]);
  return Object.fromEntries(names.map((n) => [n, value(n)]));
}

/** The package names of a varargs call. @throws SaltInvocationError when there are none or one is invalid */
function namesOf(args: unknown[]): string[] {
  if (args.length === 0) throw new SaltInvocationError('At least one package name is required');
  return [...parseTargets(undefined, args.map(String), undefined).keys()];
}

const NAME = arg({ name: 'name', type: 'string', doc: 'One package name; ignored when `pkgs` is given.' });
const PKGS = arg({
  name: 'pkgs',
  type: 'list',
  doc: 'Several packages, as a list of names or {name: version} maps, e.g. \'["curl", {"vim": "2:9.0.1378-2"}]\'.',
});
const REFRESH = arg({ name: 'refresh', type: 'boolean', default: false, doc: 'Run apt-get update first.' });
const CACHE_VALID_TIME = arg({ name: 'cache_valid_time', type: 'integer', default: 0, doc: 'With refresh: skip the update when the lists are younger than this many seconds.' });

/** What pkg.upgrade chooses. */
export interface UpgradeOptions {
  dist_upgrade: boolean;
  force_conf_new: boolean;
  download_only: boolean;
  allow_downgrades: boolean;
  skip_verify: boolean;
}

/** The apt-get command of pkg.upgrade, as Salt's aptpkg builds it. */
export function upgradeArgv(o: UpgradeOptions): string[] {
  const dpkg = o.force_conf_new ? ['--force-confnew'] : ['--force-confold', '--force-confdef'];
  return [
    'apt-get',
    '-q',
    '-y',
    ...dpkg.flatMap((opt) => ['-o', `DPkg::Options::=${opt}`]),
    ...(o.skip_verify ? ['--allow-unauthenticated'] : []),
    ...(o.download_only ? ['--download-only'] : []),
    ...(o.allow_downgrades ? ['--allow-downgrades'] : []),
    o.dist_upgrade ? 'dist-upgrade' : 'upgrade',
  ];
}

export default defineModule({
  name: 'aptpkg',
  virtualName: 'pkg',
  doc: `Install, remove and query packages with apt and dpkg, as Salt's aptpkg (loaded as pkg on Debian-family systems).

Installs run apt-get non-interactively and keep existing configuration files; they need a minion running as root.`,
  virtual: () => (fs.existsSync('/var/lib/dpkg/status') ? true : 'The pkg module could not be loaded: dpkg is not installed (no /var/lib/dpkg/status)'),
  functions: {
    list_pkgs: defineFunction({
      doc: 'Return the installed packages as {name: version}.',
      example: "salt '*' pkg.list_pkgs",
      args: [],
      run: (ctx) => listPkgs(ctx),
    }),
    version: defineFunction({
      doc: `Return the installed version of a package, '' when it is not installed; with several names, a
{name: version} map.`,
      example: "salt '*' pkg.version bash coreutils",
      args: [],
      varargs: true,
      run: async (ctx, a) => {
        const names = namesOf(a.__args__);
        const pkgs = await listPkgs(ctx);
        return perName(names, (n) => pkgs[n] ?? '');
      },
    }),
    latest_version: defineFunction({
      doc: `Return the version apt would install or upgrade a package to (apt-cache policy's candidate), or '' when the
installed version is already the candidate or apt knows no such package; with several names, a {name: version} map.
Updates the package lists first (apt-get update, which needs root), as Salt, unless refresh=False.`,
      example: "salt '*' pkg.latest_version nginx openssl refresh=False",
      args: [],
      varargs: true,
      varkwargs: true,
      run: async (ctx, a) => {
        const names = namesOf(a.__args__);
        const { refresh = true, ...extra } = a.__kwargs__;
        if (Object.keys(extra).length) throw new SaltInvocationError(`pkg.latest_version takes only refresh as a keyword argument, got ${Object.keys(extra).join(', ')}`);
        if (refresh === true) await refreshDb(ctx);
        const out = await apt(ctx, ['apt-cache', 'policy', ...names]);
        const policy = new Map<string, { installed: string; candidate: string }>();
        let current: { installed: string; candidate: string } | undefined;
        for (const line of out.split('\n')) {
          const head = /^(\S+):$/.exec(line);
          const field = /^\s+(Installed|Candidate): (\S+)/.exec(line);
          if (head) policy.set(head[1], (current = { installed: '', candidate: '' }));
          else if (field && current) current[field[1] === 'Installed' ? 'installed' : 'candidate'] = field[2];
        }
        return perName(names, (n) => {
          const p = policy.get(n);
          return p && p.candidate !== '(none)' && p.candidate !== p.installed ? p.candidate : '';
        });
      },
    }),
    refresh_db: defineFunction({
      doc: `Update the package lists (apt-get -q update) and return what happened to each source, as Salt's aptpkg:
{source: True (new lists fetched), None (already current), False (ignored or failed)}, e.g.
{"http://deb.debian.org/debian bookworm InRelease": None}. With cache_valid_time, nothing runs (and {} is returned)
when the lists were updated less than that many seconds ago. Needs a minion running as root.
Raises CommandExecutionError when apt-get fails, or with failhard=True when a source failed ("Error getting repos: ...").`,
      example: "salt '*' pkg.refresh_db",
      args: [
        { name: 'cache_valid_time', type: 'integer', default: 0, doc: 'Skip the update when the lists are younger than this many seconds.' },
        { name: 'failhard', type: 'boolean', default: false, doc: 'Fail when any source could not be fetched.' },
      ],
      run: (ctx, a) => refreshDb(ctx, a.cache_valid_time, a.failhard),
    }),
    list_upgrades: defineFunction({
      doc: `Return the packages an upgrade would install, as {name: new version}, from a simulated apt-get upgrade
(--just-print), as Salt's aptpkg: dist-upgrade by default (which may add or remove packages), plain upgrade with
dist_upgrade=False. Updates the package lists first unless refresh=False (that needs root).
Raises CommandExecutionError "Failed to get upgrades: ..." when apt-get fails.`,
      example: "salt '*' pkg.list_upgrades refresh=False",
      args: [
        { ...REFRESH, default: true },
        { name: 'dist_upgrade', type: 'boolean', default: true, doc: 'Simulate dist-upgrade (else upgrade).' },
        { name: 'fromrepo', type: 'string', doc: 'Prefer this release (APT::Default-Release), e.g. bookworm-backports.' },
        CACHE_VALID_TIME,
      ],
      run: async (ctx, a) => {
        if (a.refresh) await refreshDb(ctx, a.cache_valid_time);
        const argv = ['apt-get', '--just-print', a.dist_upgrade ? 'dist-upgrade' : 'upgrade', ...(a.fromrepo ? ['-o', `APT::Default-Release=${a.fromrepo}`] : [])];
        const res = await runArgv(ctx, argv, NONINTERACTIVE);
        if (res.retcode !== 0) throw new CommandExecutionError(`Failed to get upgrades: ${res.stderr || res.stdout}`);
        return parseUpgradable(res.stdout);
      },
    }),
    upgrade: defineFunction({
      doc: `Upgrade every package that has a newer candidate (apt-get -q -y upgrade, or dist-upgrade with dist_upgrade=True),
keeping existing configuration files (--force-confold --force-confdef; force_conf_new=True installs the new ones),
as Salt's aptpkg. Updates the package lists first unless refresh=False. Returns what changed as {name: {old, new}}
('' for absent). Needs a minion running as root.
Raises CommandExecutionError "Problem encountered upgrading packages: ..." when apt-get fails.`,
      example: "salt '*' pkg.upgrade refresh=True",
      args: [
        { ...REFRESH, default: true },
        { name: 'dist_upgrade', type: 'boolean', default: false, doc: 'Run dist-upgrade, which may add or remove packages.' },
        { name: 'force_conf_new', type: 'boolean', default: false, doc: "Install the packages' new configuration files." },
        { name: 'download_only', type: 'boolean', default: false, doc: 'Only download the packages.' },
        { name: 'allow_downgrades', type: 'boolean', default: false, doc: 'Let apt downgrade packages.' },
        { name: 'skip_verify', type: 'boolean', default: false, doc: 'Allow unauthenticated packages.' },
        CACHE_VALID_TIME,
      ],
      run: async (ctx, a) => {
        if (a.refresh) await refreshDb(ctx, a.cache_valid_time);
        const before = await listPkgs(ctx);
        const res = await runArgv(ctx, upgradeArgv(a), NONINTERACTIVE);
        const changes = diffPkgs(before, await listPkgs(ctx));
        if (res.retcode !== 0) throw new CommandExecutionError(`Problem encountered upgrading packages: ${failureText(res)}`);
        return changes;
      },
    }),
    install: defineFunction({
      doc: `Install or upgrade packages with apt-get, pinning versions when given (name=version; downgrades allowed).
Returns what changed as {name: {old, new}} ('' for absent).
Raises SaltInvocationError for bad names, CommandExecutionError when apt-get fails.`,
      example: "salt '*' pkg.install nginx version=1.22.1-9",
      args: [
        NAME,
        REFRESH,
        PKGS,
        { name: 'version', type: 'string', doc: 'Exact version to install for `name`, e.g. 1.22.1-9.' },
      ],
      run: async (ctx, a) => {
        const targets = parseTargets(a.name, a.pkgs, a.version);
        if (a.refresh) await refreshDb(ctx);
        const before = await listPkgs(ctx);
        const words = [...targets].map(([n, v]) => (v ? `${n}=${v}` : n));
        const pinned = [...targets.values()].some((v) => v !== undefined);
        const options = ['-o', 'DPkg::Options::=--force-confold', '-o', 'DPkg::Options::=--force-confdef'];
        await apt(ctx, ['apt-get', '-q', '-y', ...options, ...(pinned ? ['--allow-downgrades'] : []), 'install', ...words]);
        return diffPkgs(before, await listPkgs(ctx));
      },
    }),
    remove: defineFunction({
      doc: `Remove packages with apt-get remove (configuration files stay). Packages that are not installed are skipped.
Returns what changed as {name: {old, new}}. Raises CommandExecutionError when apt-get fails.`,
      example: "salt '*' pkg.remove pkgs='[nginx, nginx-common]'",
      args: [NAME, PKGS],
      run: async (ctx, a) => {
        const before = await listPkgs(ctx);
        const installed = [...parseTargets(a.name, a.pkgs, undefined).keys()].filter((n) => n in before);
        if (installed.length === 0) return {};
        await apt(ctx, ['apt-get', '-q', '-y', 'remove', ...installed]);
        return diffPkgs(before, await listPkgs(ctx));
      },
    }),
  },
});
