/**
 * Option groups shared by the CLIs, each declared once with Salt's flags. A
 * command lists the groups it takes (command.ts applies them); each group is
 * a function that adds its options to yargs, so its argument types flow to
 * the command's handler.
 */
import type { Argv } from 'yargs';
import { isLogLevel } from '@brine/core/log';

/** An option group: adds its options (and their checks) to yargs. */
export type OptionGroup = (y: Argv) => Argv<object>;

/** Reject a `--log-level` that is not one of Salt's level names. */
function checkLogLevel(a: { 'log-level'?: string }): true {
  const level = a['log-level'];
  if (level !== undefined && !isLogLevel(level)) throw new Error(`Invalid log level '${level}'`);
  return true;
}

const LOG_LEVEL = {
  type: 'string',
  describe: 'Console log level: garbage, trace, debug, info, warning, error, critical, quiet',
} as const;

/** `-c/--config-dir`: the folder holding the master or minion config file (default `SALT_CONFIG_DIR`, else /etc/salt, as Salt's). */
export const configOptions = (y: Argv) =>
  y.option('config-dir', {
    alias: 'c',
    type: 'string',
    default: process.env.SALT_CONFIG_DIR || '/etc/salt',
    describe: 'Directory holding the master or minion configuration file (default: SALT_CONFIG_DIR, else /etc/salt)',
  });

/** `-l/--log-level`, the console log level. */
export const loggingOptions = (y: Argv) => y.option('log-level', { ...LOG_LEVEL, alias: 'l' }).group(['log-level'], 'Logging Options:').check(checkLogLevel);

/** `--log-level` without `-l`, for salt-key, whose `-l` lists keys (as Salt's). */
export const longLoggingOptions = (y: Argv) => y.option('log-level', LOG_LEVEL).group(['log-level'], 'Logging Options:').check(checkLogLevel);

/** The widest `--out-indent` taken, in spaces. */
const MAX_OUT_INDENT = 100;

/** Reject an `--out-indent` that is neither an integer (at most MAX_OUT_INDENT) nor 'pretty'. */
function checkOutIndent(a: { 'out-indent'?: string }): true {
  const indent = a['out-indent'];
  if (indent !== undefined && indent !== 'pretty' && !(/^-?\d+$/.test(indent) && Number(indent) <= MAX_OUT_INDENT)) {
    throw new Error(`Invalid --out-indent '${indent}': give a number of spaces up to ${MAX_OUT_INDENT}, a negative number, or pretty`);
  }
  return true;
}

/** `--out`, `--out-file`, `--out-file-append`, `--out-indent`, `--no-color`, `--force-color`, as Salt's output options. */
export const outputOptions = (y: Argv) =>
  y
    .option('out', { alias: ['output'], type: 'string', describe: 'Outputter: nested (default), json, yaml, txt, raw, pprint, table, quiet, newline_values_only, no_return, key, highstate' })
    .option('out-indent', { alias: ['output-indent'], type: 'string', describe: 'Indent json, yaml and pprint output by this many spaces; a negative number prints json on one line, pretty sorts json keys' })
    .option('out-file', { alias: ['output-file'], type: 'string', describe: 'Write the output to this file instead of stdout' })
    .option('out-file-append', { alias: ['output-file-append'], type: 'boolean', default: false, describe: 'Append to --out-file instead of replacing it' })
    .option('no-color', { alias: ['no-colour'], type: 'boolean', default: false, describe: 'Disable all colored output' })
    .option('force-color', { alias: ['force-colour'], type: 'boolean', default: false, describe: 'Force colored output, even to a pipe' })
    .group(['out', 'out-indent', 'out-file', 'out-file-append', 'no-color', 'force-color'], 'Output Options:')
    .check(checkOutIndent);

/** The `--state-output` modes of the highstate outputter (output/highstate.ts). */
export const STATE_OUTPUT_MODES = ['full', 'terse', 'mixed', 'changes'] as const;

/** `--state-output` and `--state-verbose`, for the highstate outputter. */
export const stateOutputOptions = (y: Argv) =>
  y
    .option('state-output', { type: 'string', describe: `Highstate output: ${STATE_OUTPUT_MODES.join(', ')}` })
    .option('state-verbose', { type: 'boolean', describe: 'Show states that made no changes (default true)' })
    .group(['state-output', 'state-verbose'], 'Output Options:');
