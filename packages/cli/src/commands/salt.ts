/**
 * `salt TARGET FUN [ARG...] [key=value...]`: publish a job through the local
 * master and print each minion's return as it lands, then the minions that
 * did not return, with Salt's texts and exit codes. Silent minions are asked
 * with saltutil.find_job before being reported lost, and each is reported
 * with why: not connected, no response, or still running; `-b` runs in batches.
 * With `--remote tcp://HOST:PORT --client-key NAME.pem` it runs from another host, as a remote client
 * (remote-client.ts) judged as the user the master bound it to.
 */
import yaml from 'js-yaml';
import { AuthorizationError, SaltInvocationError } from '@brine/core/errors';
import type { PublishRequest } from '@brine/core/protocol/v1/loads';
import { isDict } from '@brine/core/python';
import { parseCliArgs } from '@brine/core/loader/args';
import { checkTarget } from '@brine/core/matchers/index';
import { runBatch } from '../batch';
import { pyRepr } from '@brine/core/jinja/runtime/values';
import { callerUser, connectLocal, loadMasterConfig } from '../client';
import { defineCommand, HelpExit } from '../command';
import { moduleFunctions } from '../completion-sources';
import { EX_GENERIC, EX_NO_RETURN, EX_NO_TARGET, EX_OK, MSG_NO_MATCH, MSG_NO_RETURN, MSG_NON_ZERO } from '../exit-codes';
import { SilentMinions } from '../find-job';
import { waitForJob } from '../job-wait';
import { configOptions, loggingOptions, outputOptions, stateOutputOptions } from '../options';
import { summaryLines, type JobTally } from '../job-summary';
import { notReturnedMessage } from '../output/not-returned';
import { compareCodePoints } from '@brine/core/python';
import { docsText, mergeDocs } from '../print-docs';
import { Printer } from '../printer';
import { startProgress } from '../progress';
import { selectTarget, TARGET_FLAGS, targetOptions } from '../target-flags';

/** What Salt prints on stderr when sys.doc (or -d) got no docs back. */
const MSG_NO_DOCS = 'No minions found to gather docs from';

/**
 * The load keys of --return, --return_config and --return_kwargs (Salt's `ret`, `ret_config`, `ret_kwargs`).
 * @throws SaltInvocationError when --return_kwargs is not a dict
 */
function returnerLoad(a: { return?: string; return_config?: string; return_kwargs?: string }): Pick<PublishRequest, 'ret' | 'ret_config' | 'ret_kwargs'> {
  const load: Pick<PublishRequest, 'ret' | 'ret_config' | 'ret_kwargs'> = {};
  if (a.return) load.ret = a.return;
  if (a.return_config) load.ret_config = a.return_config;
  if (a.return_kwargs !== undefined) {
    let kwargs: unknown;
    try {
      kwargs = yaml.load(a.return_kwargs);
    } catch {
      kwargs = undefined;
    }
    if (!isDict(kwargs)) throw new SaltInvocationError(`--return_kwargs must be a dict, got ${JSON.stringify(a.return_kwargs)}`);
    load.ret_kwargs = kwargs;
  }
  return load;
}

export default defineCommand({
  name: 'salt',
  usage: "Usage: salt [options] '<target>' <function> [arguments]",
  description: 'Run a function on the minions a target selects, in parallel, and print what each of them returns.',
  groups: [configOptions, loggingOptions, outputOptions, stateOutputOptions],
  // The target is free text; the function is a module.function name.
  complete: { words: [undefined, moduleFunctions] },
  options: (y) => {
    const opts = y
      .option('timeout', { alias: 't', type: 'number', describe: 'Seconds to wait for minions to return (default: the master config timeout)' })
      .option('async', { type: 'boolean', default: false, describe: 'Publish and print the jid without waiting for returns' })
      .option('verbose', { alias: 'v', type: 'boolean', default: false, describe: 'Print the jid and the job progress' })
      .option('show-jid', { type: 'boolean', default: false, describe: 'Print the jid before the returns' })
      .option('static', { alias: 's', type: 'boolean', default: false, describe: 'Print all returns at once, as one block, when the job completes' })
      .option('batch-size', { alias: ['b', 'batch'], type: 'string', describe: 'Run on N minions (or N%) at a time, a rolling window' })
      .option('batch-wait', { type: 'number', default: 0, describe: 'Seconds to wait after a minion returns before starting the next' })
      .option('failhard', { type: 'boolean', default: false, describe: 'Stop a batch run at the first minion that fails' })
      .option('summary', { type: 'boolean', default: false, describe: 'Print a summary of the minions targeted, returned, silent and failed (with -v, their names and timings)' })
      .option('progress', { alias: 'p', type: 'boolean', default: false, describe: 'Show a progress bar of the minions that returned (on a terminal, on stderr)' })
      .option('hide-timeout', { type: 'boolean', default: false, describe: 'Leave out the minions that did not return' })
      .option('return', { type: 'string', describe: 'Also send each return, from the minion, to these returners (comma-separated): local_file, rawfile_json, syslog' })
      .option('return_config', { type: 'string', describe: "Read the returners' options from this profile (PROFILE.NAME.option) first" })
      .option('return_kwargs', { type: 'string', describe: 'Returner options that win over the configured ones, as a YAML/JSON dict: \'{"level": "LOG_DEBUG"}\'' })
      .option('remote', { type: 'string', describe: "Run through the master at this request port (tcp://HOST:4506) as a remote client, with --client-key (salt-key --client registers it)" })
      .option('client-key', { type: 'string', describe: 'The remote client\'s private key, NAME.pem from salt-key --gen-keys NAME: NAME is the registered client name' })
      .option('master-finger', { type: 'string', describe: "With --remote: the master's fingerprint (salt-key -F master), checked before its key is pinned" })
      .option('force-all', { type: 'boolean', default: false, describe: "Ask to run past a policy's max_minions, where the policy allows it (brine's policies)" })
      .option('doc', { alias: ['d', 'documentation'], type: 'boolean', default: false, describe: "Print the documentation of a function or module from the minions: salt -d '*' test.ping" });
    return targetOptions(opts, TARGET_FLAGS, "Separator of nested grain and pillar keys in -G/-P/-I/-J targets (default ':')");
  },
  /**
   * Publish the job and print the returns as they land (or run it in batches,
   * or gather sys.doc's docs into one block, as Salt).
   * @returns the exit code: 0, 1 when a minion failed or did not return, 2 when nothing matched
   *   (or no docs came back); in batches, the highest retcode, as Salt
   * @throws HelpExit without a target; SaltInvocationError for a missing function or two target types; TargetError for a malformed target
   */
  async handler(a) {
    const words = a._.map(String);
    // As Salt's: `salt -d` alone documents everything on every minion.
    if (words.length === 0 && a.doc) words.push('*');
    // As Salt's: `salt` alone prints its help and exits 42 (EX_NO_TARGET).
    if (words.length === 0) throw new HelpExit(EX_NO_TARGET, '\nCannot execute command without defining a target.\n\n');
    if (words.length < 2 && !a.doc) throw new SaltInvocationError("Usage: salt [options] '<target>' <function> [arguments]");
    // As Salt's: `salt -d TARGET [FUNCTION]` is `salt TARGET sys.doc [FUNCTION]`.
    const [tgt, fun, ...rest] = a.doc ? [words[0], 'sys.doc', ...words.slice(words[1] === 'sys.doc' ? 2 : 1)] : words;
    if (a.doc && rest.length > 1) throw new SaltInvocationError('You can only get documentation for one method at one time.');
    const docs = fun === 'sys.doc';
    const { target, tgtType } = selectTarget(tgt, a, TARGET_FLAGS);
    const { arg, kwarg } = parseCliArgs(rest);
    const config = loadMasterConfig(a['config-dir']);
    const delimiter = a.delimiter ? { delimiter: a.delimiter } : {};
    // A malformed target is refused here, before anything is published.
    checkTarget(target, tgtType, { ...delimiter, nodegroups: config.nodegroups });
    const printer = Printer.from(a);
    const user = callerUser();
    const timeout = a.timeout ?? config.timeout;
    // `to` tells the master how long this CLI waits, which bounds how late a reconnecting minion may still get the job.
    const job = { fun, arg, kwarg, user, to: timeout, ...delimiter, ...returnerLoad(a), ...(a['force-all'] ? { force_all: true } : {}) };

    if (a.remote !== undefined && !a['client-key']) throw new SaltInvocationError('--remote needs --client-key: the key of a client registered on the master with salt-key --client');
    const client = a.remote !== undefined
      ? // Loaded only for --remote: the client's key exchange is the minion's code, which a local salt never needs.
        await (require('@brine/cli/remote-client') as typeof import('@brine/cli/remote-client')).connectRemote({ endpoint: a.remote, keyFile: a['client-key']!, ...(a['master-finger'] ? { masterFinger: a['master-finger'] } : {}) })
      : connectLocal(config);
    const silent = new SilentMinions(client, config.gather_job_timeout, user);
    try {
      const noMatch = () => {
        printer.line(MSG_NO_MATCH);
        process.stderr.write((docs ? MSG_NO_DOCS : MSG_NO_RETURN) + '\n');
        return EX_NO_RETURN;
      };
      const finish = (failed: boolean) => {
        if (!failed) return EX_OK;
        process.stderr.write(MSG_NON_ZERO + '\n');
        return EX_GENERIC;
      };
      if (a['batch-size'] !== undefined) {
        const minions = await client.check_minions({ tgt: target, tgt_type: tgtType, ...delimiter });
        if (minions.length === 0) return noMatch();
        let retcode = EX_OK;
        let missed = false;
        await runBatch(client, job, minions, {
          size: a['batch-size'], wait: a['batch-wait'], failhard: a.failhard,
          waitOptions: { timeout, findJob: silent.findJob }, why: (ids) => silent.why(ids),
        }, {
          header: (ids) => printer.line(`\nExecuting run on ${pyRepr(ids)}\n`),
          // As Salt's batch: the whole return (retcode, jid, and the minion's data under its id).
          returned: (ret) => {
            retcode = Math.max(retcode, ret.retcode);
            printer.print({ retcode: ret.retcode, jid: ret.jid, [ret.id]: ret.return }, ret.retcode, ret.out);
          },
          missing: (jid, id, why) => {
            missed = true;
            if (!a['hide-timeout']) printer.print({ [id]: notReturnedMessage(jid, why) }, EX_GENERIC);
          },
        });
        // Salt exits with the highest retcode a batch returned (at least 1 when a minion did not return).
        return missed && !a['hide-timeout'] ? Math.max(finish(true), retcode) : retcode;
      }

      const started = performance.now();
      const { jid, minions } = await client.publish({ ...job, tgt: target, tgt_type: tgtType });
      if (jid === null) return noMatch();
      const tally: JobTally = { returned: [], missing: [], publishMs: performance.now() - started };
      if (a.async) {
        printer.line(`Executed command with job ID: ${jid}`);
        return EX_OK;
      }
      if (a.verbose) printer.line(`Executing job with jid ${jid}\n-------------------------------------------\n`);
      else if (a['show-jid']) printer.line(`jid: ${jid}`);

      const all: Record<string, unknown> = {};
      // sys.doc's returns are gathered and printed once, merged (Salt's _print_docs).
      const gather = a.static || docs;
      const progress = a.progress ? startProgress(minions.length, process) : undefined;
      const missing = await waitForJob(client, jid, minions, { timeout, findJob: silent.findJob }, (ret) => {
        tally.returned.push({ id: ret.id, retcode: ret.retcode, at: performance.now() - started });
        progress?.tick();
        if (gather) all[ret.id] = ret.return;
        else {
          progress?.clear();
          printer.print({ [ret.id]: ret.return }, ret.retcode, ret.out);
        }
      }).finally(() => progress?.stop());
      const hide = a['hide-timeout'];
      // As Salt's: with --hide-timeout a silent minion is in neither the output nor the summary (nor asked why).
      for (const [id, why] of hide ? [] : await silent.why(missing)) {
        tally.missing.push({ id, why });
        if (docs) continue;
        if (a.static) all[id] = notReturnedMessage(jid, why);
        else printer.print({ [id]: notReturnedMessage(jid, why) }, EX_GENERIC);
      }
      const failed = tally.returned.some((r) => r.retcode !== 0);
      const lost = tally.missing.length > 0;
      if (docs) {
        const merged = mergeDocs(Object.values(all));
        if (Object.keys(merged).length === 0 && tally.returned.length === 0) {
          process.stderr.write(MSG_NO_DOCS + '\n');
          return EX_NO_RETURN;
        }
        // With --out, Salt prints each function's doc with nested, whatever --out names.
        const nested = a.out ? Printer.from({ ...a, out: 'nested' }) : undefined;
        if (nested) for (const name of Object.keys(merged).sort(compareCodePoints)) nested.print({ [name]: merged[name] });
        else printer.text(docsText(merged));
      } else if (a.static) printer.print(all, failed || lost ? EX_GENERIC : EX_OK);
      // As Salt's, the summary is for people: not under --out, nor for sys.doc.
      if (a.summary && !a.out && !docs) for (const line of summaryLines(tally, a.verbose)) printer.line(line);
      return finish(failed || lost);
    } catch (err) {
      if (!(err instanceof AuthorizationError)) throw err;
      // As Salt's: the master's message through the outputter ("Authorization error occurred."); brine adds why, on
      // stderr. Salt 3006 then exits 0 (its retcode=1 reaches only the outputter's colour); brine exits 1, as for every
      // error the salt CLI catches (exit-codes.ts).
      printer.print(err.message, EX_GENERIC);
      if (err.hint) process.stderr.write(`ERROR: ${err.hint}\n`);
      return EX_GENERIC;
    } finally {
      client.close();
    }
  },
});
