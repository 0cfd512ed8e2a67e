/**
 * Logging, with Salt's level names: garbage, trace, debug, info, warning,
 * error, critical, and `quiet` for none. Console lines read as Salt's:
 * `[WARNING ] message`. This file holds the contract and the small stderr
 * logger the CLIs use; daemons log through winston (daemon-log.ts), which
 * the CLIs do not load, to keep their start-up fast (winston alone costs
 * ~40 ms of module loading).
 */

/** Salt's log levels, most severe first (winston priority = index). */
export const LOG_LEVELS = ['critical', 'error', 'warning', 'info', 'debug', 'trace', 'garbage'] as const;
/** One of Salt's log level names, or `quiet` to log nothing. */
export type LogLevel = (typeof LOG_LEVELS)[number] | 'quiet';

/** The logger every brine component receives; `child` adds fields (module, jid, peer) to each line. */
export interface Logger {
  critical(msg: string, meta?: object): void;
  error(msg: string, meta?: object): void;
  warning(msg: string, meta?: object): void;
  info(msg: string, meta?: object): void;
  debug(msg: string, meta?: object): void;
  trace(msg: string, meta?: object): void;
  child(meta: object): Logger;
}

/** True when `level` is a known Salt level name (or `quiet`). */
export function isLogLevel(level: string): level is LogLevel {
  return level === 'quiet' || (LOG_LEVELS as readonly string[]).includes(level);
}

/** Format one console line as Salt does: `[WARNING ] message k=v`. */
export function consoleLine(level: string, msg: string, meta: object = {}): string {
  const fields = Object.entries(meta).map(([k, v]) => ` ${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join('');
  return `[${level.toUpperCase().padEnd(8)}] ${msg}${fields}`;
}

/**
 * A logger that writes lines of `level` and more severe to stderr (`quiet`:
 * nothing). For CLIs and tests.
 */
export function consoleLogger(level: string, meta: object = {}): Logger {
  const max = level === 'quiet' ? -1 : LOG_LEVELS.indexOf(isLogLevel(level) ? (level as (typeof LOG_LEVELS)[number]) : 'warning');
  const at = (l: (typeof LOG_LEVELS)[number]) => (msg: string, m?: object) => {
    if (LOG_LEVELS.indexOf(l) <= max) process.stderr.write(consoleLine(l, msg, { ...meta, ...m }) + '\n');
  };
  return {
    critical: at('critical'), error: at('error'), warning: at('warning'), info: at('info'), debug: at('debug'), trace: at('trace'),
    child: (m) => consoleLogger(level, { ...meta, ...m }),
  };
}
