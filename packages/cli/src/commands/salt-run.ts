/** `salt-run FUN [ARG...]`: run a runner function on the master host and print its result. */
import { SaltInvocationError } from '@brine/core/errors';
import { parseCliArgs } from '@brine/core/loader/args';
import { loadMasterConfig } from '../client';
import { defineCommand } from '../command';
import { EX_OK } from '../exit-codes';
import { configOptions, loggingOptions, outputOptions } from '../options';
import { Printer } from '../printer';
import { RUNNERS } from '../runners/index';

export default defineCommand({
  name: 'salt-run',
  usage: 'Usage: salt-run [options] <function> [arguments]',
  groups: [configOptions, loggingOptions, outputOptions],
  options: (y) => y.option('timeout', { alias: 't', type: 'number', describe: 'Seconds to wait for minions' }),
  /**
   * Run the runner function and print its result.
   * @returns 0 (errors throw and exit 1)
   * @throws SaltInvocationError for an unknown runner function, with Salt's message
   */
  async handler(a) {
    const [fun, ...rest] = a._;
    if (!fun) throw new SaltInvocationError('Usage: salt-run [options] <function> [arguments]');
    const [mod, name] = fun.split('.');
    const runner = RUNNERS[mod]?.[name];
    if (!runner || !Object.hasOwn(RUNNERS[mod], name)) throw new SaltInvocationError(`'${fun}' is not available.`);
    const config = loadMasterConfig(a['config-dir']);
    const { arg, kwarg } = parseCliArgs(rest);
    const result = await runner.run({ config, timeout: a.timeout ?? config.timeout }, arg, kwarg);
    Printer.from(a).print(result);
    return EX_OK;
  },
});
