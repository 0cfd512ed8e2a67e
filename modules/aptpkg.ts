/**
 * Salt's `aptpkg` module, loaded as `pkg` on Debian-family systems: query
 * packages with dpkg-query and apt-cache, install and remove them with
 * apt-get (non-interactive, keeping existing config files), all through
 * `cmd.run_all` without a shell. Installing and removing needs root.
 */
import fs from 'node:fs';
import { SaltInvocationError } from '@brine/core/errors';
import { arg, defineFunction, defineModule, type ExecContext } from '@brine/core/loader/define';
import { mustRunArgv } from './lib/argv';

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

/** `apt-get -q update`. @throws CommandExecutionError when it fails */
async function refreshDb(ctx: ExecContext): Promise<void> {
  await apt(ctx, ['apt-get', '-q', 'update']);
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
It reads the package lists as they are: run pkg.refresh_db first to update them.`,
      example: "salt '*' pkg.latest_version nginx openssl",
      args: [],
      varargs: true,
      run: async (ctx, a) => {
        const names = namesOf(a.__args__);
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
      doc: 'Update the package lists (apt-get update). Returns True.\nRaises CommandExecutionError when apt-get fails.',
      example: "salt '*' pkg.refresh_db",
      args: [],
      run: async (ctx) => {
        await refreshDb(ctx);
        return true;
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
