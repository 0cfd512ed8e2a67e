/**
 * Salt's `systemd_service` module, loaded as `service` where systemd runs the
 * host: start, stop and query units with systemctl, run through `cmd.run_all`
 * without a shell. A bare name means its `.service` unit, as systemctl reads it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { CommandExecutionError, SaltInvocationError } from '@brine/core/errors';
import { arg, defineFunction, defineModule, type ExecContext, type FunctionDef } from '@brine/core/loader/define';
import { failureText, runArgv, type RunResult } from './lib/argv';

/** Unit names systemd accepts (letters, digits and `:-_.\@`). */
const UNIT = /^[A-Za-z0-9:_.\\@-]+$/;

/**
 * Salt's `__virtual__` for systemd: systemd must be PID 1 (sd_booted checks
 * /run/systemd/system, as Salt's `salt.utils.systemd.booted`) and systemctl on PATH.
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

/** Run `systemctl <args>` without a shell; a non-zero exit is returned, not raised. */
function systemctl(ctx: ExecContext, ...args: string[]): Promise<RunResult> {
  return runArgv(ctx, ['systemctl', ...args]);
}

const NAME = arg({ name: 'name', type: 'string', required: true, doc: "The unit, e.g. 'nginx' or 'nginx.service'." });

/** A function that runs `systemctl <verb> <name>` and returns True, raising systemctl's message on failure. */
function action(verb: string, doc: string): FunctionDef {
  return defineFunction({
    doc: `${doc} (systemctl ${verb}). Returns True.
Raises CommandExecutionError with systemctl's message when it fails (unknown or masked unit, failed start...).`,
    example: `salt '*' service.${verb} nginx`,
    args: [NAME],
    run: async (ctx, a) => {
      const res = await systemctl(ctx, verb, unit(a.name));
      if (res.retcode !== 0) throw new CommandExecutionError(`Failed to ${verb} service ${a.name}: ${failureText(res)}`);
      return true;
    },
  });
}

/** A function that asks systemctl a yes/no question about a unit (its exit code). */
function query(verb: string, doc: string): FunctionDef {
  return defineFunction({
    doc: `${doc} (systemctl ${verb}): True or False.`,
    example: `salt '*' service.${verb === 'is-active' ? 'status' : 'enabled'} nginx`,
    args: [NAME],
    run: async (ctx, a) => (await systemctl(ctx, verb, '--quiet', unit(a.name))).retcode === 0,
  });
}

export default defineModule({
  name: 'systemd_service',
  virtualName: 'service',
  doc: `Manage systemd services with systemctl, as Salt's systemd_service (loaded as service where systemd is PID 1).

Start, stop and enable need a minion running as root.`,
  virtual: systemdVirtual,
  functions: {
    available: defineFunction({
      doc: 'Return True when systemd knows the unit (its LoadState is not not-found; a masked unit counts as available).',
      example: "salt '*' service.available nginx",
      args: [NAME],
      run: async (ctx, a) => {
        const res = await systemctl(ctx, 'show', '--property=LoadState', '--value', unit(a.name));
        return res.retcode === 0 && res.stdout.trim() !== 'not-found';
      },
    }),
    status: query('is-active', 'Return True when the unit is active (running)'),
    enabled: query('is-enabled', 'Return True when the unit starts at boot (enabled, static, alias or generated)'),
    start: action('start', 'Start the unit'),
    stop: action('stop', 'Stop the unit'),
    restart: action('restart', 'Restart the unit (start it when stopped)'),
    reload: action('reload', 'Ask the unit to reload its configuration'),
    enable: action('enable', 'Make the unit start at boot'),
    disable: action('disable', 'Stop the unit from starting at boot'),
  },
});
