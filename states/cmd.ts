/**
 * Salt's `cmd` state module: run a command as part of a state run, guarded
 * by `onlyif`, `unless` and `creates`, through the `cmd` execution module
 * (`cmd.retcode` for the guards, `cmd.run_all` for the command).
 */
import fs from 'node:fs';
import type { ArgsOf, ArgSpec, ExecContext } from '@brine/core/loader/define';
import { expectResult } from '@brine/core/loader/expect';
import { defineStateFunction, defineStateModule, stateReturn, type StateReturn } from '@brine/core/state/define';
import { isDict } from '@brine/core/python';

const ARGS = [
  { name: 'name', type: 'string', required: true, doc: 'The command line to run (through the shell).' },
  { name: 'onlyif', type: 'any', doc: 'A command, or a list: run only when each of them exits 0.' },
  { name: 'unless', type: 'any', doc: 'A command, or a list: do not run when any of them exits 0.' },
  { name: 'creates', type: 'any', doc: 'A path, or a list: do not run when it exists (all of them exist).' },
  { name: 'cwd', type: 'string', doc: "Directory to run in. Default: the home of `runas`, else the minion user's." },
  { name: 'runas', type: 'string', doc: 'User to run as (needs a minion running as root).' },
  { name: 'shell', type: 'string', doc: 'Shell that runs the command. Default: the shell grain, else /bin/sh.' },
  { name: 'env', type: 'dict', doc: 'Extra environment variables, e.g. {LANG: C}.' },
  { name: 'timeout', type: 'number', doc: 'Seconds after which the command is killed and the state fails.' },
] as const satisfies readonly ArgSpec[];

/** The bound arguments of cmd.run (and of its mod_watch). */
type RunArgs = ArgsOf<typeof ARGS>;

/** The keyword arguments passed on to the cmd execution module (those the state was given). */
function cmdKwargs(a: RunArgs): Record<string, unknown> {
  const keys = ['cwd', 'runas', 'shell', 'env', 'timeout'] as const;
  return Object.fromEntries(keys.filter((k) => a[k] !== undefined).map((k) => [k, a[k]]));
}

/** True for what cmd.run_all returns (its retcode is what the state reads). */
function isRunAll(v: unknown): v is Record<string, unknown> & { retcode: number } {
  return isDict(v) && typeof v.retcode === 'number';
}

/** A string or list of strings as a list; undefined for anything else. */
function commands(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((v): v is string => typeof v === 'string')) return value;
  return undefined;
}

/**
 * Salt's `mod_run_check`: a return that ends the state (result True, nothing run)
 * when an `onlyif` command fails, an `unless` command succeeds, or `creates` exists;
 * undefined when the command should run.
 */
async function runCheck(ctx: ExecContext, a: RunArgs): Promise<StateReturn | undefined> {
  const retcode = async (cmd: string): Promise<number> => {
    const code = await ctx.salt.call('cmd.retcode', [cmd], { ...cmdKwargs(a), ignore_retcode: true, python_shell: true });
    return expectResult('cmd.retcode', code, (v) => typeof v === 'number', 'an exit code');
  };
  if (a.onlyif !== null && a.onlyif !== undefined) {
    const list = commands(a.onlyif);
    if (!list) return stateReturn(a.name, true, 'onlyif is not a string or list of strings');
    for (const cmd of list) if ((await retcode(cmd)) !== 0) return stateReturn(a.name, true, `onlyif condition is false: ${cmd}`);
  }
  if (a.unless !== null && a.unless !== undefined) {
    const list = commands(a.unless);
    if (!list) return stateReturn(a.name, true, 'unless is not a string or list of strings');
    for (const cmd of list) if ((await retcode(cmd)) === 0) return stateReturn(a.name, true, 'unless condition is true');
  }
  const creates = commands(a.creates);
  if (typeof a.creates === 'string' && fs.existsSync(a.creates)) return stateReturn(a.name, true, `${a.creates} exists`);
  if (Array.isArray(a.creates) && creates?.every((p) => fs.existsSync(p))) return stateReturn(a.name, true, 'All files in creates exist');
  return undefined;
}

/**
 * Salt's cmd.run state. Changes: the {pid, retcode, stdout, stderr} of cmd.run_all;
 * result True when the exit code is 0; comment `Command "<name>" run`.
 * Under test=True the guards still run (they only read), then, as Salt 3006: result None, comment
 * `Command "<name>" would have been executed` and changes `{cmd: <name>}`, so the run counts as a change.
 */
async function runCommand(ctx: ExecContext, a: RunArgs): Promise<StateReturn> {
  const skip = await runCheck(ctx, a);
  if (skip) return skip;
  if (ctx.test) return stateReturn(a.name, null, `Command "${a.name}" would have been executed`, { cmd: a.name });
  if (a.cwd && !fs.statSync(a.cwd, { throwIfNoEntry: false })?.isDirectory()) {
    return stateReturn(a.name, false, `Desired working directory "${a.cwd}" is not available`);
  }
  const out = expectResult('cmd.run_all', await ctx.salt.call('cmd.run_all', [a.name], { ...cmdKwargs(a), python_shell: true }), isRunAll, '{pid, retcode, stdout, stderr}');
  return stateReturn(a.name, out.retcode === 0, `Command "${a.name}" run`, out);
}

export default defineStateModule({
  name: 'cmd',
  doc: `Run commands from states, as Salt's cmd states. A command reports its pid, retcode, stdout and stderr as changes,
so use onlyif, unless or creates (or onchanges requisites) to keep states idempotent.`,
  functions: {
    run: defineStateFunction({
      doc: `Run a command unless a guard says not to. Result: True when it exits 0, False otherwise; changes: {pid,
retcode, stdout, stderr}; comment: Command "<name>" run. Guards end the state with result True and no changes:
"onlyif condition is false: <cmd>", "unless condition is true", "<path> exists". Under test=True a command that would
run gives result None, changes {cmd: <name>} and comment: Command "<name>" would have been executed.`,
      example: "salt '*' state.single cmd.run 'touch /tmp/done' creates=/tmp/done",
      args: ARGS,
      run: runCommand,
    }),
    mod_watch: defineStateFunction({
      doc: `Called when a watched state changed: runs the command as cmd.run does (guards included), as Salt.`,
      example: "salt '*' state.sls app  # with '- watch: [file: /etc/app.conf]' under a cmd.run",
      args: [...ARGS, { name: 'sfun', type: 'string', doc: 'The watching state function (run).' }],
      run: runCommand,
    }),
  },
});
