/**
 * Salt's `systemd_service` module, loaded as `service` where systemd runs the
 * host: start, stop and query units with systemctl, run through `cmd.run_all`
 * without a shell. A bare name means its `.service` unit (Salt's
 * `_canonical_unit_name`); the command lines and the reading of systemctl's
 * answers are in lib/systemctl.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { CommandExecutionError, SaltInvocationError } from '@brine/core/errors';
import { arg, defineFunction, defineModule, type ExecContext, type FunctionDef } from '@brine/core/loader/define';
import { globMatch } from '@brine/core/matchers/glob';
import { failureText, runArgv, type RunResult } from './lib/argv';
import {
  LOCAL_UNIT_DIR,
  availableFromStatus,
  canonicalUnitName,
  listAllServices,
  needsDaemonReload,
  parseSystemdVersion,
  readIsEnabled,
  systemctlArgv,
  type SystemctlOptions,
} from './lib/systemctl';

/** Unit names systemd accepts (letters, digits and `:-_.\@`). */
const UNIT = /^[A-Za-z0-9:_.\\@-]+$/;

/** Salt's test for a glob in service.status's name. */
const GLOB = /\*|\?|\[.+\]/;

/**
 * Salt's `__virtual__` for systemd: systemd must be PID 1 (sd_booted checks
 * /run/systemd/system, as Salt's `salt.utils.systemd.booted`) and systemctl on PATH.
 * (Salt 3006 also loads in systemd's "offline" mode, systemctl present without systemd
 * running, where every query then fails; brine refuses, so the reason shows at once.)
 * @returns true, or the reason the module does not load
 */
export function systemdVirtual(): true | string {
  if (!fs.statSync('/run/systemd/system', { throwIfNoEntry: false })?.isDirectory()) {
    return 'systemd is not running as PID 1 here (no /run/systemd/system), so services cannot be managed with systemctl';
  }
  const dirs = (process.env.PATH ?? '/usr/bin:/bin').split(path.delimiter);
  if (!dirs.some((d) => d && fs.existsSync(path.join(d, 'systemctl')))) return 'systemctl was not found on PATH';
  return true;
}

/** `name` when it is a valid unit name. @throws SaltInvocationError */
function unit(name: unknown): string {
  if (typeof name !== 'string' || !UNIT.test(name)) throw new SaltInvocationError(`Invalid service name ${JSON.stringify(name)}`);
  return name;
}

/** Run a systemctl command line of {@link systemctlArgv}; a non-zero exit is returned, not raised. */
function systemctl(ctx: ExecContext, action: string | string[], name?: string, options?: SystemctlOptions): Promise<RunResult> {
  return runArgv(ctx, systemctlArgv(action, name, options));
}

/** The systemd release, asked once per module load (`systemctl --version`); null when unreadable. */
async function systemdVersion(ctx: ExecContext): Promise<number | null> {
  if (!ctx.cache.has('version')) ctx.cache.set('version', parseSystemdVersion((await systemctl(ctx, '--version')).stdout));
  return ctx.cache.get('version') as number | null;
}

/** Whether systemd knows the unit, and whether its files changed on disk, from one `systemctl status -n 0`. */
async function unitStatus(ctx: ExecContext, name: string): Promise<{ available: boolean; changed: boolean }> {
  const res = await systemctl(ctx, 'status', name);
  // Salt reads stdout and stderr together (redirect_stderr).
  const output = [res.stdout, res.stderr].filter(Boolean).join('\n');
  return { available: availableFromStatus(name, output, res.retcode, await systemdVersion(ctx)), changed: needsDaemonReload(output) };
}

/** Salt's `systemctl_reload`: `systemctl --system daemon-reload`. @throws CommandExecutionError with its output */
async function daemonReload(ctx: ExecContext): Promise<void> {
  const res = await systemctl(ctx, ['--system', 'daemon-reload']);
  if (res.retcode !== 0) throw new CommandExecutionError(`Problem performing systemctl daemon-reload: ${failureText(res)}`);
}

/**
 * Salt's `_check_for_unit_changes` before each action: reload systemd when the unit's files changed on
 * disk, or when /etc/systemd/system holds a unit file systemd has not loaded yet.
 * @returns whether the unit is available afterwards (Salt's `_check_available`)
 */
async function refreshUnit(ctx: ExecContext, name: string): Promise<boolean> {
  const before = await unitStatus(ctx, name);
  const untracked = !before.available && fs.existsSync(path.join(LOCAL_UNIT_DIR, canonicalUnitName(name)));
  if (!untracked && !before.changed) return before.available;
  await daemonReload(ctx);
  return (await unitStatus(ctx, name)).available;
}

const NAME = arg({ name: 'name', type: 'string', required: true, doc: "The unit, e.g. 'nginx' (nginx.service) or 'docker.socket'." });
const NO_BLOCK = arg({ name: 'no_block', type: 'boolean', default: false, doc: 'Run systemctl with --no-block: queue the job and return at once.' });

/**
 * A function that runs `systemctl [--no-block] <verb> <unit>`. `raises` (start, restart, reload, enable):
 * True, or CommandExecutionError with systemctl's stderr; otherwise (stop, disable): whether it exited 0.
 */
function action(verb: string, doc: string, raises: boolean): FunctionDef {
  const outcome = raises
    ? `Returns True. Raises CommandExecutionError with systemctl's message when it fails, e.g.
"Failed to ${verb} nosuch.service: Unit nosuch.service not found."`
    : 'Returns True when systemctl succeeded, False when it failed (as Salt, no error is raised).';
  return defineFunction({
    doc: `${doc} (systemctl ${verb}). A bare name means its .service unit; systemd is reloaded first when the
unit's files changed on disk. ${outcome}`,
    example: `salt '*' service.${verb} nginx`,
    args: [NAME, NO_BLOCK],
    run: async (ctx, a) => {
      const name = unit(a.name);
      await refreshUnit(ctx, name);
      const res = await systemctl(ctx, verb, name, { noBlock: a.no_block });
      if (!raises) return res.retcode === 0;
      if (res.retcode !== 0) throw new CommandExecutionError(res.stderr.trim() || failureText(res));
      return true;
    },
  });
}

/** Salt's `enabled`: `systemctl is-enabled`, following an alias to the unit it names. */
async function isEnabled(ctx: ExecContext, name: string): Promise<boolean> {
  const res = await systemctl(ctx, 'is-enabled', name);
  const answer = readIsEnabled(res.stdout, res.retcode);
  if (answer !== 'alias') return answer === 'enabled';
  const target = (await systemctl(ctx, 'show', name, { extraArgs: ['-P', 'Id'] })).stdout.trim();
  return target !== '' && (await systemctl(ctx, 'is-enabled', target)).retcode === 0;
}

/** Salt's `status` for one unit: `systemctl is-active` exits 0. */
async function isActive(ctx: ExecContext, name: string): Promise<boolean> {
  await refreshUnit(ctx, name);
  return (await systemctl(ctx, 'is-active', name)).retcode === 0;
}

export default defineModule({
  name: 'systemd_service',
  virtualName: 'service',
  doc: `Manage systemd services with systemctl, as Salt's systemd_service (loaded as service where systemd is PID 1).
A bare name means its .service unit ('nginx' is nginx.service); names with a unit type ('docker.socket') are kept.

Start, stop and enable need a minion running as root.`,
  virtual: systemdVirtual,
  functions: {
    available: defineFunction({
      doc: `Return True when systemd knows the unit, False otherwise (Salt's check: systemctl status exits 0 to 3,
or on systemd before 231 its "Loaded:" line is not not-found; a masked unit counts as available).
Reloads systemd first when the unit's files changed on disk.`,
      example: "salt '*' service.available sshd",
      args: [NAME],
      run: (ctx, a) => refreshUnit(ctx, unit(a.name)),
    }),
    get_all: defineFunction({
      doc: `Return the sorted names of all services, as Salt's get_all: the unit files of /lib/systemd/system,
/usr/lib/systemd/system and /etc/systemd/system of the types service (by bare name: 'ssh'), socket, device, mount,
automount, swap, target, path and timer (with their type: 'apt-daily.timer'), and the executable SysV scripts of
/etc/init.d that no systemd service of the same name replaces.`,
      example: "salt '*' service.get_all",
      args: [],
      run: () => listAllServices(),
    }),
    status: defineFunction({
      doc: `Return True when the unit is active (systemctl is-active), False otherwise. With a glob in the name
('salt*'), return {name: True|False} for each service of service.get_all that matches.`,
      example: "salt '*' service.status nginx",
      args: [NAME, { name: 'sig', type: 'string', doc: 'Not used (kept for the service states, as Salt).' }],
      run: async (ctx, a) => {
        if (!GLOB.test(a.name)) return isActive(ctx, unit(a.name));
        const result: Record<string, boolean> = {};
        for (const name of listAllServices().filter((s) => globMatch(a.name, s))) result[name] = await isActive(ctx, name);
        return result;
      },
    }),
    enabled: defineFunction({
      doc: `Return True when the unit starts at boot: systemctl is-enabled succeeds (enabled, static, generated,
indirect...), or for an alias, the unit it names does. False otherwise (disabled, masked, unknown).`,
      example: "salt '*' service.enabled nginx",
      args: [NAME],
      run: (ctx, a) => isEnabled(ctx, unit(a.name)),
    }),
    start: action('start', 'Start the unit', true),
    stop: action('stop', 'Stop the unit', false),
    restart: action('restart', 'Restart the unit (start it when stopped)', true),
    reload: action('reload', 'Ask the unit to reload its configuration', true),
    enable: action('enable', 'Make the unit start at boot', true),
    disable: action('disable', 'Stop the unit from starting at boot', false),
  },
});
