/** `salt-run FUN [ARG...]`: run a runner function on the master host and print its result. */
import { AuthenticationError, AuthorizationError, errorMessage, SaltInvocationError } from '@brine/core/errors';
import { newJid } from '@brine/core/jid';
import { bindArgs, parseCliArgs } from '@brine/core/loader/args';
import type { MasterConfig } from '@brine/core/config/master';
import { callerUser, loadMasterConfig, withLocalClient } from '../client';
import { defineCommand } from '../command';
import { runnerFunctions } from '../completion-sources';
import { EX_OK } from '../exit-codes';
import { configOptions, loggingOptions, outputOptions } from '../options';
import { Printer } from '../printer';
import { resolveRunner, runnerDocs } from '../runners/index';

/** What the master is told of a run: its jid, function, arguments as Salt's events carry them, and user. */
type Run = { jid: string; fun: string; fun_args: unknown[]; user: string };

/**
 * Tell the master a run starts (it fires `salt/run/<jid>/new`). A master that is not running, or cannot answer,
 * does not fail the run: only the event is lost.
 * @throws AuthorizationError when the master refuses the caller this runner (publisher_acl's `@runner`), and
 *   AuthenticationError when it does not know the caller's key: the run does not start
 */
async function announceRun(config: MasterConfig, run: Run): Promise<void> {
  try {
    await withLocalClient(config, (client) => client.runner_new(run));
  } catch (err) {
    if (err instanceof AuthorizationError || err instanceof AuthenticationError) throw err;
    // Only the event is lost.
  }
}

/**
 * Record the run in the master's job cache, as Salt's master keeps runner jobs (jobs.list_jobs shows them), and
 * have it fire `salt/run/<jid>/ret`. A master that is not running, or cannot store it, does not fail the run that
 * already printed.
 */
async function recordRun(config: MasterConfig, run: Run, ret: unknown, success: boolean): Promise<void> {
  try {
    await withLocalClient(config, (client) => client.runner_job({ ...run, return: ret, success }));
  } catch {
    // Only the record is lost; the runner's result was printed.
  }
}

export default defineCommand({
  name: 'salt-run',
  usage: 'Usage: salt-run [options] <function> [arguments]',
  description: 'Run a runner function on the master host: jobs, presence and management of the fleet.',
  groups: [configOptions, loggingOptions, outputOptions],
  complete: { words: [runnerFunctions] },
  options: (y) =>
    y
      .option('timeout', { alias: 't', type: 'number', describe: 'Seconds to wait for minions' })
      .option('doc', { alias: ['d', 'documentation'], type: 'boolean', default: false, describe: 'Print the documentation of runner functions: salt-run -d [module or function]' }),
  /**
   * Run the runner function and print its result.
   * @returns the exit code the runner set (Salt's `__context__["retcode"]`), else 0; errors throw and exit 1
   * @throws SaltInvocationError for an unknown runner function, with Salt's message, or arguments that do not
   *   bind to its specs (they bind as module arguments do, with bindArgs)
   */
  async handler(a) {
    const [fun, ...rest] = a._;
    if (a.doc) {
      // As Salt's RunnerClient.print_docs: `fun:` then its doc, for each function, sorted.
      process.stdout.write(Object.entries(runnerDocs(fun)).map(([name, doc]) => `${name}:\n${doc}\n`).join(''));
      return EX_OK;
    }
    if (!fun) throw new SaltInvocationError('Usage: salt-run [options] <function> [arguments]');
    const runner = resolveRunner(fun);
    const config = loadMasterConfig(a['config-dir']);
    const { arg, kwarg } = parseCliArgs(rest);
    const bound = bindArgs(fun, runner, arg, kwarg);
    // As Salt's, the run's jid is taken when it starts and recorded when it ends; its `new` event is fired before
    // it runs (so state.event does not see its own), its `ret` after. fun_args as Salt's: the keywords as one map.
    const run = { jid: newJid(), fun, fun_args: Object.keys(kwarg).length > 0 ? [...arg, kwarg] : arg, user: callerUser() };
    await announceRun(config, run);
    let retcode = EX_OK;
    const ctx = {
      config,
      timeout: a.timeout ?? config.timeout,
      print: (text: string) => void process.stdout.write(text),
      setRetcode: (code: number) => void (retcode = code),
    };
    let result: unknown;
    try {
      result = await runner.run(ctx, bound);
    } catch (err) {
      await recordRun(config, run, `Exception occurred in runner ${fun}: ${errorMessage(err)}`, false);
      throw err;
    }
    Printer.from(a).print(result);
    await recordRun(config, run, result, true);
    return retcode;
  },
});
