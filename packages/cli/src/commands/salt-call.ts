/**
 * `salt-call FUN [ARG...]`: run an execution function on this host with the
 * minion's configuration and print it under `local:`. Without `--local` it
 * first authenticates with the master using the minion's keys and takes
 * `salt://` files and pillar from it, as Salt's salt-call does; `--local`
 * (or `file_client: local`) needs no master and reads the minion's own
 * file_roots.
 */
import { loadConfig } from '@brine/core/config/load';
import { MINION_SCHEMA } from '@brine/core/config/minion';
import { AuthenticationError, SaltInvocationError } from '@brine/core/errors';
import { parseCliArgs } from '@brine/core/loader/args';
import { newJid } from '@brine/core/jid';
import { consoleLogger } from '@brine/core/log';
import { connectMinion } from '@brine/minion/connect';
import { runJob } from '@brine/minion/executor';
import { ReturnerDispatch } from '@brine/minion/returner-dispatch';
import { defineCommand } from '../command';
import { moduleFunctions } from '../completion-sources';
import { EX_GENERIC, EX_OK } from '../exit-codes';
import { configOptions, loggingOptions, outputOptions, stateOutputOptions } from '../options';
import { Printer } from '../printer';
import { runnerCatalog } from '../runner-catalog';

export default defineCommand({
  name: 'salt-call',
  usage: 'Usage: salt-call [options] <function> [arguments]',
  description: "Run a function on this host with the minion's configuration, through the master or alone (--local).",
  groups: [configOptions, loggingOptions, outputOptions, stateOutputOptions],
  complete: { words: [moduleFunctions] },
  options: (y) =>
    y
      .option('local', { type: 'boolean', default: false, describe: 'Run without contacting a master' })
      .option('id', { type: 'string', describe: 'Minion id to use (default: the id config key)' })
      .option('retcode-passthrough', { type: 'boolean', default: false, describe: "Exit with the function's retcode" })
      .option('return', { type: 'string', describe: 'Also send the return to these returners (comma-separated): local_file, rawfile_json, syslog' }),
  /**
   * Run the function on this host and print its return under `local:`.
   * @returns 0, the function's retcode with --retcode-passthrough, else 1 when it failed
   * @throws AuthenticationError when the master does not accept this minion (without --local)
   */
  async handler(a) {
    const [fun, ...rest] = a._;
    if (!fun) throw new SaltInvocationError('Usage: salt-call [options] <function> [arguments]');
    // --local is Salt's file_client: local: no master, salt:// from this host's file_roots.
    const overrides = { ...(a.id ? { id: a.id } : {}), ...(a.local ? { file_client: 'local' } : {}) };
    const { config, warnings } = loadConfig(MINION_SCHEMA, a['config-dir'], 'minion', overrides);
    const log = consoleLogger(a['log-level'] ?? 'warning');
    for (const w of warnings) log.info(w);
    const printer = Printer.from(a);

    const link = await connectMinion(config, log, { runners: runnerCatalog });
    try {
      if (config.file_client !== 'local') {
        // As Salt's salt-call: authenticate with the master, then take files and pillar from it.
        const r = await link.authenticate();
        if (r.status !== 'accepted') throw new AuthenticationError(`The master has not accepted this minion's key (${r.status}); run salt-key -a ${config.id} on the master, or use --local`);
        await link.refreshPillar(config.auth_timeout * 1000);
      }
      const { arg, kwarg } = parseCliArgs(rest);
      // As Salt's salt-call, a return sent to returners gets a jid of its own.
      const jid = a.return ? newJid() : '';
      const ret = await runJob(link.loader, { jid, fun, arg, kwarg }, link.env(), new AbortController().signal);
      printer.print({ local: ret.return }, ret.retcode, ret.out);
      if (a.return) {
        // What a returner fails to take stays in the minion's returner spool; the minion sends it when it next starts.
        const returners = new ReturnerDispatch(config, log);
        await returners.dispatch({ ret: a.return }, ret);
        returners.close();
      }
      if (a['retcode-passthrough']) return ret.retcode;
      return ret.retcode === 0 ? EX_OK : EX_GENERIC;
    } finally {
      link.close();
    }
  },
});
