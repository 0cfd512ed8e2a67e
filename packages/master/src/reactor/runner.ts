/**
 * `runner.*` reactions. Runners live in the CLI package, which the master
 * must not import (core <- master; cli -> all), so a runner reaction runs
 * `salt-run -c <the master's config dir> <fun> <args>` as a child process:
 * the same code and output as an admin's salt-run, its run recorded in the
 * job cache as any salt-run's. The child runs with USER=Reactor (SUDO_USER
 * removed), so the run and the jobs it publishes carry user `Reactor`, as
 * Salt passes `__user__: Reactor` to runners, and the loop guard knows them.
 * A run that outlives reactor_runner_timeout is killed (SIGTERM, SIGKILL 5 s
 * later). How many run at once is bounded by the reactor's workers.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { errorMessage } from '@brine/core/errors';
import type { Logger } from '@brine/core/log';
import { KWARG, yamlifyArg } from '@brine/core/loader/args';
import { timerDelay } from '@brine/core/timer-delay';
import { REACTOR_USER } from './loop-guard';

/** What a salt-run reaction ended with. */
export interface RunnerResult {
  /** The exit code; -1 when killed (by the timeout or a signal). */
  code: number;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/** Where @brine/cli's salt-run entry point is (its package exports `bin/salt-run` as dist/bin/salt-run.js). */
export function saltRunPath(): string {
  return require.resolve('@brine/cli/bin/salt-run');
}

/** The most output kept from a run (each stream), in characters: the log gets the start of it. */
const MAX_OUTPUT = 64 * 1024;

/** One word of salt-run's command line that parses back (yamlify_arg) to `value`. */
function word(value: unknown, positional: boolean): string {
  if (typeof value === 'string' && yamlifyArg(value) === value && !(positional && KWARG.test(value))) return value;
  return JSON.stringify(value) ?? 'None';
}

/**
 * The salt-run command line for `fun` with these arguments: `--` (so no word, which may come from an event's
 * data, is read as one of salt-run's own options, such as --out-file), positional words, then `key=value` words,
 * each value as salt-run's argument parsing reads it back (JSON, which is YAML, when the plain text would not be).
 */
export function runnerArgv(fun: string, arg: readonly unknown[], kwarg: Record<string, unknown>): string[] {
  return ['--', fun, ...arg.map((a) => word(a, true)), ...Object.entries(kwarg).map(([k, v]) => `${k}=${word(v, false)}`)];
}

/** Runs salt-run for runner reactions. */
export class RunnerLauncher {
  private readonly children = new Set<ChildProcess>();

  /**
   * @param configDir the master's config dir (salt-run's -c)
   * @param timeoutS reactor_runner_timeout
   * @param bin salt-run's entry point (resolved lazily when not given)
   */
  constructor(
    private readonly configDir: string,
    private readonly timeoutS: number,
    private readonly log: Logger,
    private bin?: string,
  ) {}

  /**
   * Run `salt-run fun ...` to its end or the timeout.
   * @returns its exit code and output; never throws (a failure to start is an exit code of -1 with the reason in stderr)
   */
  run(fun: string, arg: readonly unknown[], kwarg: Record<string, unknown>): Promise<RunnerResult> {
    let bin: string;
    try {
      bin = this.bin ??= saltRunPath();
    } catch (err) {
      return Promise.resolve({ code: -1, stdout: '', stderr: `Cannot find salt-run (@brine/cli): ${errorMessage(err)}`, timedOut: false });
    }
    const env: NodeJS.ProcessEnv = { ...process.env, USER: REACTOR_USER };
    delete env.SUDO_USER;
    const child = spawn(process.execPath, [bin, '-c', this.configDir, ...runnerArgv(fun, arg, kwarg)], { stdio: ['ignore', 'pipe', 'pipe'], env });
    this.children.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => void (stdout.length < MAX_OUTPUT && (stdout += d.toString())));
    child.stderr.on('data', (d: Buffer) => void (stderr.length < MAX_OUTPUT && (stderr += d.toString())));
    let timedOut = false;
    let kill: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
      timedOut = true;
      this.log.error(`Reactor: salt-run ${fun} ran longer than reactor_runner_timeout (${this.timeoutS} s): killed`);
      child.kill('SIGTERM');
      kill = setTimeout(() => child.kill('SIGKILL'), 5000);
    }, timerDelay(this.timeoutS * 1000));
    return new Promise((resolve) => {
      const done = (code: number, why = '') => {
        clearTimeout(timer);
        clearTimeout(kill);
        this.children.delete(child);
        resolve({ code, stdout, stderr: stderr + why, timedOut });
      };
      child.once('error', (err) => done(-1, `Cannot run salt-run: ${errorMessage(err)}`));
      child.once('close', (code) => done(code ?? -1));
    });
  }

  /** Stop every salt-run still running (SIGTERM): the master is stopping. */
  close(): void {
    for (const child of this.children) child.kill('SIGTERM');
  }
}
