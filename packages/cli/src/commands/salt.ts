/**
 * `salt TARGET FUN [ARG...] [key=value...]`: publish a job through the local
 * master and print each minion's return as it lands, then the minions that
 * did not return, with Salt's texts and exit codes.
 */
import yargs from 'yargs';
import { parseCliArgs } from '@brine/core/loader/args';
import type { TargetType } from '@brine/core/protocol/messages';
import { JobCache } from '@brine/master/job-cache';
import { LocalClient, loadMasterConfig } from '../client';
import { EX_GENERIC, EX_NO_RETURN, EX_OK, MSG_NO_MATCH, MSG_NO_RETURN, MSG_NON_ZERO } from '../exit-codes';
import { waitForReturns } from '../job-wait';
import { withConfigOptions, withOutputOptions } from '../options';
import { notReturnedMessage } from '../output/not-returned';
import { Printer } from '../printer';

/** Target-type flags, as Salt's: the flag name, the tgt_type it selects, and its help. */
const TARGET_FLAGS: Array<[flag: string, alias: string, type: TargetType, help: string]> = [
  ['pcre', 'E', 'pcre', 'Target with a regular expression on minion ids'],
  ['list', 'L', 'list', 'Target a comma-separated list of minion ids'],
];

function parse(argv: string[]) {
  let y = withOutputOptions(withConfigOptions(yargs(argv)))
    .scriptName('salt')
    .usage("Usage: salt [options] '<target>' <function> [arguments]")
    .parserConfiguration({ 'parse-numbers': false, 'parse-positional-numbers': false, 'halt-at-non-option': false })
    .option('timeout', { alias: 't', type: 'number', describe: 'Seconds to wait for minions to return (default: the master config timeout)' })
    .option('async', { type: 'boolean', default: false, describe: 'Publish and print the jid without waiting for returns' })
    .option('verbose', { alias: 'v', type: 'boolean', default: false, describe: 'Print the jid and the job progress' })
    .option('show-jid', { type: 'boolean', default: false, describe: 'Print the jid before the returns' })
    .option('static', { alias: 's', type: 'boolean', default: false, describe: 'Print all returns at once, as one block, when the job completes' });
  for (const [flag, alias, , help] of TARGET_FLAGS) y = y.option(flag, { alias, type: 'boolean', default: false, describe: help });
  return y.strictOptions().help().version(false).parseSync();
}

/**
 * Run the salt CLI.
 * @returns the exit code: 0, 1 when a minion failed or did not return, 2 when nothing matched
 */
export async function salt(argv: string[]): Promise<number> {
  const a = parse(argv);
  const words = a._.map(String);
  if (words.length < 2) throw new Error("Usage: salt [options] '<target>' <function> [arguments]");
  const [tgt, fun, ...rest] = words;
  const tgtType = TARGET_FLAGS.find(([flag]) => a[flag])?.[2] ?? 'glob';
  const { arg, kwarg } = parseCliArgs(rest);
  const config = loadMasterConfig(a['config-dir']);
  const printer = new Printer({ out: a.out, outFile: a['out-file'], noColor: a['no-color'] });

  const client = LocalClient.connect(config);
  let published;
  try {
    published = await client.publish({ tgt, tgt_type: tgtType, fun, arg, kwarg, user: process.env.SUDO_USER || process.env.USER || 'root' });
  } finally {
    client.close();
  }
  const { jid, minions } = published;
  if (jid === null) {
    printer.line(MSG_NO_MATCH);
    process.stderr.write(MSG_NO_RETURN + '\n');
    return EX_NO_RETURN;
  }
  if (a.async) {
    printer.line(`Executed command with job ID: ${jid}`);
    return EX_OK;
  }
  if (a.verbose) printer.line(`Executing job with jid ${jid}\n-------------------------------------------\n`);
  else if (a['show-jid']) printer.line(`jid: ${jid}`);

  const cache = JobCache.open(config.cachedir, true);
  let failed = false;
  const all: Record<string, unknown> = {};
  const missing = await waitForReturns(cache, jid, minions, a.timeout ?? config.timeout, (ret) => {
    if (ret.retcode !== 0) failed = true;
    if (a.static) all[ret.id] = ret.return;
    else printer.print({ [ret.id]: ret.return }, ret.retcode, ret.out);
  });
  await cache.close();
  for (const id of missing) {
    if (a.static) all[id] = notReturnedMessage(jid);
    else printer.print({ [id]: notReturnedMessage(jid) }, EX_GENERIC);
  }
  if (a.static) printer.print(all, failed || missing.length ? EX_GENERIC : EX_OK);
  if (failed || missing.length) {
    process.stderr.write(MSG_NON_ZERO + '\n');
    return EX_GENERIC;
  }
  return EX_OK;
}
