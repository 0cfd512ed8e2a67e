/**
 * `salt-call FUN [ARG...]`: run an execution function on this host with the
 * minion's configuration and print it under `local:`. Without `--local` it
 * first authenticates with the master using the minion's keys and takes
 * `salt://` files and pillar from it, as Salt's salt-call does; `--local`
 * (or `file_client: local`) needs no master and reads the minion's own
 * file_roots.
 */
import yargs from 'yargs';
import { loadConfig } from '@brine/core/config/load';
import { MINION_SCHEMA } from '@brine/core/config/minion';
import { loadOrCreateKeys } from '@brine/core/crypto/keys';
import { LocalFileClient } from '@brine/core/fileclient/local';
import { AuthenticationError } from '@brine/core/errors';
import { parseCliArgs } from '@brine/core/loader/args';
import type { FileClient, Pillar } from '@brine/core/loader/define';
import { Loader } from '@brine/core/loader/loader';
import { consoleLogger } from '@brine/core/log';
import { RequestClient } from '@brine/core/transport/request-client';
import { MODULES } from '@brine/modules/index';
import { stateModule } from '@brine/states/exec/state';
import { STATES } from '@brine/states/index';
import { authenticateOnce } from '@brine/minion/auth';
import { MasterChannel } from '@brine/minion/channel';
import { runJob } from '@brine/minion/executor';
import { RemoteFileClient } from '@brine/minion/fileclient';
import { collectGrains } from '@brine/minion/grains/core';
import { EX_GENERIC, EX_OK } from '../exit-codes';
import { withConfigOptions, withOutputOptions } from '../options';
import { Printer } from '../printer';

function parse(argv: string[]) {
  return withOutputOptions(withConfigOptions(yargs(argv)))
    .scriptName('salt-call')
    .usage('Usage: salt-call [options] <function> [arguments]')
    .parserConfiguration({ 'parse-numbers': false, 'parse-positional-numbers': false })
    .option('local', { type: 'boolean', default: false, describe: 'Run without contacting a master' })
    .option('id', { type: 'string', describe: 'Minion id to use (default: the id config key)' })
    .option('retcode-passthrough', { type: 'boolean', default: false, describe: "Exit with the function's retcode" })
    .option('state-output', { type: 'string', describe: 'Highstate output: full, terse, mixed, changes' })
    .option('state-verbose', { type: 'boolean', describe: 'Show states that made no changes (default true)' })
    .strictOptions()
    .help()
    .version(false)
    .parseSync();
}

/**
 * Run salt-call.
 * @returns 0, the function's retcode with --retcode-passthrough, else 1 when it failed
 * @throws AuthenticationError when the master does not accept this minion (without --local)
 */
export async function saltCall(argv: string[]): Promise<number> {
  const a = parse(argv);
  const [fun, ...rest] = a._.map(String);
  if (!fun) throw new Error('Usage: salt-call [options] <function> [arguments]');
  const { config, warnings } = loadConfig(MINION_SCHEMA, a['config-dir'], 'minion', a.id ? { id: a.id } : {});
  const log = consoleLogger(a['log-level'] ?? 'warning');
  for (const w of warnings) log.info(w);
  const opts = config;
  const printer = new Printer({ out: a.out, outFile: a['out-file'], noColor: a['no-color'], stateOutput: a['state-output'], stateVerbose: a['state-verbose'] });

  const grains = await collectGrains(opts);
  let files: FileClient = new LocalFileClient(config.file_roots);
  let pillar: Pillar = {};
  let client: RequestClient | undefined;
  try {
    if (!a.local && config.file_client !== 'local') {
      // As Salt's salt-call: authenticate with the master, then take files and pillar from it.
      client = new RequestClient(`tcp://${config.master}:${config.master_port}`, { log, replies: ['auth_reply', 'rep', 'error'] });
      const keys = loadOrCreateKeys(config.pki_dir, 'minion');
      const r = await authenticateOnce({ id: config.id, keys, pkiDir: config.pki_dir, client, log, timeout: config.auth_timeout, masterFinger: config.master_finger });
      if (r.status !== 'accepted') throw new AuthenticationError(`The master has not accepted this minion's key (${r.status}); run salt-key -a ${config.id} on the master, or use --local`);
      const channel = new MasterChannel(client, config.id, () => r.master.shared);
      files = new RemoteFileClient(channel, config.cachedir);
      pillar = (await channel.request({ cmd: '_pillar', load: { grains } }, config.auth_timeout)) as Pillar;
    }
    const loader = new Loader([...MODULES, stateModule(STATES)], opts, grains);
    const { arg, kwarg } = parseCliArgs(rest);
    const ret = await runJob(loader, { jid: '', fun, arg, kwarg }, { id: config.id, opts, grains, pillar, files, log }, new AbortController().signal);
    printer.print({ local: ret.return }, ret.retcode, ret.out);
    if (a['retcode-passthrough']) return ret.retcode;
    return ret.retcode === 0 ? EX_OK : EX_GENERIC;
  } finally {
    client?.close();
  }
}
