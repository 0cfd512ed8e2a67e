/**
 * Options shared by several CLIs, declared once for yargs: the config
 * directory, the log level and the output selection, with Salt's flags.
 */
import type { Argv } from 'yargs';
import { isLogLevel } from '@brine/core/log';

/** `-c/--config-dir` (default /etc/salt) and `-l/--log-level` (salt-key has only the long form). */
export function withConfigOptions<T>(y: Argv<T>, shortLogLevel = true) {
  return y
    .option('config-dir', { alias: 'c', type: 'string', default: '/etc/salt', describe: 'Directory holding the master or minion configuration file' })
    .option('log-level', {
      ...(shortLogLevel ? { alias: 'l' } : {}),
      type: 'string',
      describe: 'Console log level: garbage, trace, debug, info, warning, error, critical, quiet',
    })
    .check((a) => {
      const level = a['log-level'];
      if (level !== undefined && !isLogLevel(String(level))) throw new Error(`Invalid log level '${String(level)}'`);
      return true;
    });
}

/** `--out`, `--out-file`, `--no-color` as Salt's output options. */
export function withOutputOptions<T>(y: Argv<T>) {
  return y
    .option('out', { alias: ['output'], type: 'string', describe: 'Outputter: nested (default), json, yaml, txt, raw' })
    .option('out-file', { alias: ['output-file'], type: 'string', describe: 'Write the output to this file instead of stdout' })
    .option('no-color', { alias: ['no-colour'], type: 'boolean', default: false, describe: 'Disable all colored output' });
}
