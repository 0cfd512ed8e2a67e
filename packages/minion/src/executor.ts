/**
 * Runs one job through the loader and builds its return. This is the one
 * place where an exception becomes a return, with Salt's texts:
 * `'x.y' is not available.`, `Passed invalid arguments to x.y: ...` plus the
 * function's doc, `ERROR executing 'x.y': ...`, `ERROR: ...`, and retcode 1.
 * Its log lines go through redact.ts: arguments whose names look like
 * secrets are hidden there, never in the return.
 */
import { packedArgs } from '@brine/core/loader/args';
import type { MinionConfig } from '@brine/core/config/minion';
import { CommandExecutionError, InvalidArgumentsError, SaltError, SaltInvocationError } from '@brine/core/errors';
import { EX_GENERIC } from '@brine/core/exit-codes';
import type { FileClient, Grains, MasterEvents, MineAccess, MinionRuntime, Pillar } from '@brine/core/loader/define';
import { docstring } from '@brine/core/loader/docstring';
import { FunctionNotAvailable, type Loader } from '@brine/core/loader/loader';
import type { Logger } from '@brine/core/log';
import { redactCall, redactText } from '@brine/core/redact';
import type { ReturnLoad } from '@brine/core/protocol/v1/loads';

/** What a job runs with besides its own load. */
export interface ExecEnv {
  id: string;
  opts: MinionConfig;
  grains: Grains;
  pillar: Pillar;
  files: FileClient;
  /** The master's mine; undefined under salt-call --local. */
  mine?: MineAccess;
  /** The master's event bus; undefined under salt-call --local. */
  events?: MasterEvents;
  log: Logger;
  /** The running minion (saltutil); undefined under salt-call. */
  runtime?: MinionRuntime;
}

/** The job fields the executor needs. */
export interface JobCall {
  jid: string;
  fun: string;
  arg: unknown[];
  kwarg: Record<string, unknown>;
}

function errorReturn(loader: Loader, fun: string, err: unknown): string {
  if (err instanceof FunctionNotAvailable) return err.message;
  if (err instanceof InvalidArgumentsError) {
    let doc = '';
    try {
      doc = docstring(loader.resolve(fun));
    } catch {
      // the function resolved a moment ago; a missing doc only shortens the message
    }
    return `${err.message}${doc}`;
  }
  if (err instanceof SaltInvocationError) return `ERROR executing '${fun}': ${err.message}`;
  if (err instanceof CommandExecutionError || err instanceof SaltError) return `ERROR: ${err.message}`;
  return `The minion function caused an exception: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`;
}

/**
 * Run a job and build its return; never throws.
 * @param signal aborted to kill the job
 * @returns the return load: retcode is what the function set (0 by default), or 1 with success false on an exception
 */
export async function runJob(loader: Loader, job: JobCall, env: ExecEnv, signal: AbortSignal): Promise<ReturnLoad> {
  const started = Date.now();
  let retcode = 0;
  let ret: unknown;
  let success = true;
  let out: string | undefined;
  const log = env.log.child({ jid: job.jid });
  try {
    const def = loader.resolve(job.fun);
    out = def.outputter;
    // Salt's minion logs "Command details" at debug; here the secrets in them are hidden.
    log.debug(`Command details: ${job.fun} ${JSON.stringify(redactCall(job.arg, job.kwarg, def))}`);
    ret = await loader.call(job.fun, job.arg, job.kwarg, {
      opts: env.opts,
      grains: env.grains,
      pillar: env.pillar,
      files: env.files,
      mine: env.mine,
      events: env.events,
      runtime: env.runtime,
      log,
      jid: job.jid,
      test: job.kwarg.test === true || env.opts.test === true,
      signal,
      setRetcode: (code) => {
        retcode = code;
      },
    });
  } catch (err) {
    ret = errorReturn(loader, job.fun, err);
    success = false;
    retcode = EX_GENERIC;
    log.info(`Job ${job.jid} ${job.fun} failed: ${redactText(err instanceof Error ? err.message : String(err))}`);
  }
  const funArgs = packedArgs(job.arg, job.kwarg);
  return { jid: job.jid, id: env.id, fun: job.fun, fun_args: funArgs, return: ret === undefined ? null : ret, retcode, success, started, finished: Date.now(), ...(out ? { out } : {}) };
}
