/** `salt-run FUN [ARG...]`: run a runner function on the master host and print its result. */
import yargs from 'yargs';
import { SaltInvocationError } from '@brine/core/errors';
import { bindArgs, parseCliArgs } from '@brine/core/loader/args';
import { loadMasterConfig } from '../client';
import { EX_OK } from '../exit-codes';
import { withConfigOptions, withOutputOptions } from '../options';
import { Printer } from '../printer';
import { resolveRunner } from '../runners/index';

/**
 * Run salt-run: arguments bind to the runner function's specs as module arguments do (`bindArgs`).
 * @returns 0 (errors throw and exit 1)
 * @throws SaltInvocationError for an unknown runner function, with Salt's message, or arguments that do not bind
 */
export async function saltRun(argv: string[]): Promise<number> {
  const a = withOutputOptions(withConfigOptions(yargs(argv)))
    .scriptName('salt-run')
    .usage('Usage: salt-run [options] <function> [arguments]')
    .parserConfiguration({ 'parse-numbers': false, 'parse-positional-numbers': false })
    .option('timeout', { alias: 't', type: 'number', describe: 'Seconds to wait for minions' })
    .strictOptions()
    .help()
    .version(false)
    .parseSync();
  const [fun, ...rest] = a._.map(String);
  if (!fun) throw new SaltInvocationError('Usage: salt-run [options] <function> [arguments]');
  const runner = resolveRunner(fun);
  const config = loadMasterConfig(a['config-dir']);
  const { arg, kwarg } = parseCliArgs(rest);
  const result = await runner.run({ config, timeout: a.timeout ?? config.timeout }, bindArgs(fun, runner, arg, kwarg));
  new Printer({ out: a.out, outFile: a['out-file'], noColor: a['no-color'] }).print(result);
  return EX_OK;
}
