/**
 * Logging for daemons and CLIs, on winston, with Salt's level names:
 * garbage, trace, debug, info, warning, error, critical, and `quiet` for none.
 * Console lines read as Salt's: `[WARNING ] message`.
 */
import winston from 'winston';

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

/** Options of {@link createLogger}: `file` is a path to append to; `console` logs to stderr. */
export interface LoggerOptions {
  name: string;
  level: string;
  file?: string;
  fileLevel?: string;
  console?: boolean;
}

/** True when `level` is a known Salt level name (or `quiet`). */
export function isLogLevel(level: string): level is LogLevel {
  return level === 'quiet' || (LOG_LEVELS as readonly string[]).includes(level);
}

function fields(info: winston.Logform.TransformableInfo): string {
  const skip = new Set(['level', 'message', 'timestamp', 'name']);
  const rest = Object.entries(info).filter(([k]) => !skip.has(k));
  return rest.length ? ' ' + rest.map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(' ') : '';
}

/**
 * Build a logger. Console output goes to stderr as `[LEVEL   ] message k=v`; the
 * log file gets a timestamped line with the component name and pid, as Salt's log_fmt_logfile.
 * An unknown level name falls back to `warning` (config validation reports it first).
 */
export function createLogger(opts: LoggerOptions): Logger {
  const levels = Object.fromEntries(LOG_LEVELS.map((l, i) => [l, i]));
  const level = (l: string | undefined): string => (l && isLogLevel(l) ? l : 'warning');
  const transports: winston.transport[] = [];
  if (opts.console) {
    transports.push(
      new winston.transports.Console({
        level: level(opts.level),
        silent: opts.level === 'quiet',
        stderrLevels: [...LOG_LEVELS],
        format: winston.format.printf((i) => `[${String(i.level).toUpperCase().padEnd(8)}] ${String(i.message)}${fields(i)}`),
      }),
    );
  }
  if (opts.file) {
    const fileLevel = level(opts.fileLevel ?? opts.level);
    transports.push(
      new winston.transports.File({
        filename: opts.file,
        level: fileLevel,
        silent: (opts.fileLevel ?? opts.level) === 'quiet',
        format: winston.format.combine(
          winston.format.timestamp({ format: 'YYYY-MM-DD HH:mm:ss,SSS' }),
          winston.format.printf(
            (i) => `${String(i.timestamp)} [${opts.name}][${String(i.level).toUpperCase().padEnd(8)}][${process.pid}] ${String(i.message)}${fields(i)}`,
          ),
        ),
      }),
    );
  }
  if (transports.length === 0) transports.push(new winston.transports.Console({ silent: true }));
  return winston.createLogger({ levels, level: 'garbage', transports }) as unknown as Logger;
}
