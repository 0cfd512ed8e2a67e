/**
 * The pure parts of Salt's systemd_service module: the systemctl command
 * lines it builds, how it reads systemctl's answers, and which unit files it
 * lists. The `service` module (systemd_service.ts) runs them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { CommandExecutionError } from '@brine/core/errors';

/** The unit types Salt manages (its VALID_UNIT_TYPES); a name ending in none of them is a service. */
export const UNIT_TYPES = ['service', 'socket', 'device', 'mount', 'automount', 'swap', 'target', 'path', 'timer'] as const;

/** Where unit files live (Salt's SYSTEM_CONFIG_PATHS and LOCAL_CONFIG_PATH). */
export const UNIT_DIRS = ['/lib/systemd/system', '/usr/lib/systemd/system', '/etc/systemd/system'] as const;

/** The directory of the admin's own unit files, where an unloaded unit means systemd must reload (Salt's LOCAL_CONFIG_PATH). */
export const LOCAL_UNIT_DIR = '/etc/systemd/system';

/** Where SysV init scripts live (Salt's INITSCRIPT_PATH). */
export const INITSCRIPT_DIR = '/etc/init.d';

/** The first systemd release whose `systemctl status` exits 4 for an unknown unit (Salt checks the exit code from then on). */
export const STATUS_EXIT_CODES_SINCE = 231;

/**
 * Salt's `_canonical_unit_name`: `nginx` → `nginx.service`; a name that
 * already ends in a unit type of {@link UNIT_TYPES} (`docker.socket`,
 * `apt-daily.timer`) is kept. (Salt compares the bare suffix, `endswith("socket")`;
 * systemctl itself appends `.service` to any name without a unit type, so
 * matching on `.socket` reaches the same unit.)
 */
export function canonicalUnitName(name: string): string {
  return UNIT_TYPES.some((t) => name.endsWith(`.${t}`)) ? name : `${name}.service`;
}

/** How {@link systemctlArgv} builds a command line. */
export interface SystemctlOptions {
  /** Add `--no-block`: queue the job and return without waiting for it (Salt's `no_block`). */
  noBlock?: boolean;
  /** Words after the unit name, e.g. `['-P', 'Id']`. */
  extraArgs?: readonly string[];
}

/**
 * Salt's `_systemctl_cmd`: `systemctl [--no-block] <action words> [<canonical unit>] [-n 0 for status] [extra]`.
 * (Salt also wraps start/stop/enable... in `systemd-run --scope` when systemd runs the minion itself; brine does not.)
 * @param action one verb (`start`) or several words (`['--system', 'daemon-reload']`)
 * @param name the unit, made canonical with {@link canonicalUnitName}; none for daemon-wide actions
 * @returns the argv, starting with `systemctl`
 */
export function systemctlArgv(action: string | readonly string[], name?: string, options: SystemctlOptions = {}): string[] {
  const words = typeof action === 'string' ? [action] : [...action];
  const argv = ['systemctl', ...(options.noBlock ? ['--no-block'] : []), ...words];
  if (name !== undefined) argv.push(canonicalUnitName(name));
  if (words.includes('status')) argv.push('-n', '0');
  return [...argv, ...(options.extraArgs ?? [])];
}

/**
 * The systemd release from `systemctl --version` ("systemd 252 (252.38-1~deb12u1)" → 252), as Salt's
 * `salt.utils.systemd.version`. @returns null when the text does not start that way
 */
export function parseSystemdVersion(out: string): number | null {
  const m = /^systemd (\d+)/.exec(out.trimStart());
  return m ? Number(m[1]) : null;
}

/**
 * Salt's `_check_available`: whether systemd knows a unit, from `systemctl status <unit> -n 0`
 * (stdout and stderr together). From systemd {@link STATUS_EXIT_CODES_SINCE} the exit code tells
 * (0 to 3 known, 4 unknown); before, the "Loaded:" line (not-found means unknown).
 * @param output what systemctl printed; @param retcode its exit code; @param version the systemd release, null if unknown
 * @throws CommandExecutionError "Failed to get information on unit '<name>'" when an old systemd's output has no Loaded line
 */
export function availableFromStatus(name: string, output: string, retcode: number, version: number | null): boolean {
  if (version !== null && version >= STATUS_EXIT_CODES_SINCE) return retcode >= 0 && retcode < 4;
  const out = output.toLowerCase();
  if (out.includes('could not be found')) return false;
  for (const line of out.split('\n')) {
    const m = /^\s+loaded:\s+(\S+)/.exec(line);
    if (m) return m[1] !== 'not-found';
  }
  throw new CommandExecutionError(`Failed to get information on unit '${name}'`);
}

/** Salt's `_unit_file_changed`: `systemctl status` warns that the unit's files changed on disk since systemd read them. */
export function needsDaemonReload(statusOutput: string): boolean {
  return statusOutput.toLowerCase().includes("'systemctl daemon-reload'");
}

/** What `systemctl is-enabled <unit>` says, as Salt's `enabled` reads it. */
export type EnabledAnswer = 'enabled' | 'disabled' | 'alias';

/**
 * Salt's reading of `systemctl is-enabled`: exit 0 with any state but `alias` (enabled, static,
 * generated, indirect...) is enabled; `alias` means the answer is the aliased unit's (ask again
 * with its Id); anything else (disabled, masked, unknown unit) is disabled.
 * @param stdout what is-enabled printed (trailing newline allowed); @param retcode its exit code
 */
export function readIsEnabled(stdout: string, retcode: number): EnabledAnswer {
  if (stdout.trim() === 'alias') return 'alias';
  return retcode === 0 ? 'enabled' : 'disabled';
}

/**
 * Salt's `_get_systemd_services` for one directory's file names: `nginx.service` → `nginx`,
 * other unit types kept whole (`apt-daily.timer`), other files (`*.wants`, `*.d`, `*.slice`) left out.
 */
export function unitNamesFromFiles(files: readonly string[]): string[] {
  const names: string[] = [];
  for (const file of files) {
    const dot = file.lastIndexOf('.');
    if (dot < 0) continue;
    const type = file.slice(dot + 1);
    if ((UNIT_TYPES as readonly string[]).includes(type)) names.push(type === 'service' ? file.slice(0, dot) : file);
  }
  return names;
}

/** The names in a directory, or none when it is missing or unreadable (as Salt, which skips such paths). */
function listDir(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

/** Whether the current process may do `mode` (fs.constants.R_OK, X_OK) on `file`. */
function canAccess(file: string, mode: number): boolean {
  try {
    fs.accessSync(file, mode);
    return true;
  } catch {
    return false;
  }
}

/**
 * Salt's `get_all`: every unit of {@link UNIT_DIRS} (services by bare name, other units with their type;
 * a directory that is a symlink is skipped, as it points to another of them), plus each executable
 * SysV script of /etc/init.d that has no systemd service of the same name.
 * @param root a directory the paths are taken under (tests); default '/'
 * @returns the names, sorted
 */
export function listAllServices(root = '/'): string[] {
  const units = new Set<string>();
  for (const dir of UNIT_DIRS) {
    const full = path.join(root, dir);
    if (!canAccess(full, fs.constants.R_OK) || fs.lstatSync(full).isSymbolicLink()) continue;
    for (const name of unitNamesFromFiles(listDir(full))) units.add(name);
  }
  const initDir = path.join(root, INITSCRIPT_DIR);
  const sysv = listDir(initDir).filter((s) => !units.has(s) && canAccess(path.join(initDir, s), fs.constants.X_OK));
  return [...new Set([...units, ...sysv])].sort();
}
