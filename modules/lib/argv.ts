/**
 * Running a command given as a list of words through `cmd.run_all`, without
 * a shell, for the modules that drive system tools (pkg, user, group,
 * service). Each word is quoted for cmd's shlex-style splitting, so it
 * reaches the program byte for byte, whatever it holds.
 */
import { CommandExecutionError } from '@brine/core/errors';
import type { ExecContext } from '@brine/core/loader/define';
import { expectResult } from '@brine/core/loader/expect';
import { isDict } from '@brine/core/python';

/** What a finished command produced, as `cmd.run_all` reports it (its `pid` left out). */
export interface RunResult {
  /** Exit code; minus the signal number when a signal ended it. */
  retcode: number;
  stdout: string;
  stderr: string;
}

function isRunResult(v: unknown): v is RunResult {
  return isDict(v) && typeof v.retcode === 'number' && typeof v.stdout === 'string' && typeof v.stderr === 'string';
}

/** Quote one word for `cmd.run_all` with python_shell=False, whose splitting follows shlex: 'it'\''s'. */
function quote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * Run `argv` with `cmd.run_all` (python_shell=False, ignore_retcode=True): a
 * non-zero exit is returned, not raised, and does not set the job's retcode.
 * @param env extra environment variables, added to the minion's
 * @throws CommandExecutionError when the command cannot start (from cmd.run_all), or cmd.run_all returns another shape
 */
export async function runArgv(ctx: ExecContext, argv: string[], env?: Record<string, string>): Promise<RunResult> {
  const res = await ctx.salt.call('cmd.run_all', [argv.map(quote).join(' ')], { python_shell: false, ignore_retcode: true, ...(env && { env }) });
  const { retcode, stdout, stderr } = expectResult('cmd.run_all', res, isRunResult, '{retcode, stdout, stderr}');
  return { retcode, stdout, stderr };
}

/** Why a command failed, for messages: its stderr, else its stdout, else "exit code N". */
export function failureText(res: RunResult): string {
  return res.stderr || res.stdout || `exit code ${res.retcode}`;
}

/** How {@link mustRunArgv} runs and reports a command. */
export interface MustRunOptions {
  /** The command as messages name it. Default: the words joined by spaces, an empty word shown as ''. */
  what?: string;
  /** Extra environment variables, added to the minion's. */
  env?: Record<string, string>;
}

/**
 * Run `argv` (as {@link runArgv}) and require it to succeed.
 * @returns its standard output
 * @throws CommandExecutionError "<what> failed: <stderr, else stdout, else exit code N>" on a non-zero exit
 */
export async function mustRunArgv(ctx: ExecContext, argv: string[], options: MustRunOptions = {}): Promise<string> {
  const res = await runArgv(ctx, argv, options.env);
  if (res.retcode !== 0) {
    const what = options.what ?? argv.map((w) => (w === '' ? "''" : w)).join(' ');
    throw new CommandExecutionError(`${what} failed: ${failureText(res)}`);
  }
  return res.stdout;
}
