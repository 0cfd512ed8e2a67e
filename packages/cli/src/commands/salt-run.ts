/** `salt-run FUN [ARG...]`: run a runner function on the master host and print its result. */
import { SaltInvocationError } from '@brine/core/errors';
import { bindArgs, parseCliArgs } from '@brine/core/loader/args';
import { loadMasterConfig } from '../client';
import { defineCommand } from '../command';
import { EX_OK } from '../exit-codes';
import { configOptions, loggingOptions, outputOptions } from '../options';
import { Printer } from '../printer';
import { resolveRunner } from '../runners/index';

export default defineCommand({
  name: 'salt-run',
  usage: 'Usage: salt-run [options] <function> [arguments]',
  groups: [configOptions, loggingOptions, outputOptions],
  options: (y) => y.option('timeout', { alias: 't', type: 'number', describe: 'Seconds to wait for minions' }),
  /**
   * Run the runner function and print its result.
   * @returns 0 (errors throw and exit 1)
   * @throws SaltInvocationError for an unknown runner function, with Salt's message, or arguments that do not
   *   bind to its specs (they bind as module arguments do, with bindArgs)
   */
  async handler(a) {
    const [fun, ...rest] = a._;
    if (!fun) throw new SaltInvocationError('Usage: salt-run [options] <function> [arguments]');
    const runner = resolveRunner(fun);
    const config = loadMasterConfig(a['config-dir']);
    const { arg, kwarg } = parseCliArgs(rest);
    const result = await runner.run({ config, timeout: a.timeout ?? config.timeout }, bindArgs(fun, runner, arg, kwarg));
    Printer.from(a).print(result);
    return EX_OK;
  },
});
