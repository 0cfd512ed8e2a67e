/**
 * Daemon logging on winston: console lines on stderr as Salt's
 * (`[WARNING ] message`) and a log file with timestamps, component and pid,
 * as Salt's log_fmt_logfile, each at its own level.
 */
import winston from 'winston';
import { consoleLine, isLogLevel, LOG_LEVELS, type Logger } from './log';

/** Options of {@link createLogger}: `file` is a path to append to; `console` logs to stderr. */
export interface LoggerOptions {
  name: string;
  level: string;
  file?: string;
  fileLevel?: string;
  console?: boolean;
}

/** The extra fields of a log record (module, jid, peer...). */
function fields(info: winston.Logform.TransformableInfo): object {
  const skip = new Set(['level', 'message', 'timestamp', 'name']);
  return Object.fromEntries(Object.entries(info).filter(([k]) => !skip.has(k)));
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
        format: winston.format.printf((i) => consoleLine(String(i.level), String(i.message), fields(i))),
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
            (i) => `${String(i.timestamp)} [${opts.name}][${process.pid}] ${consoleLine(String(i.level), String(i.message), fields(i))}`,
          ),
        ),
      }),
    );
  }
  if (transports.length === 0) transports.push(new winston.transports.Console({ silent: true }));
  // The logger passes what its most verbose transport takes, so a record no transport wants costs one comparison.
  const wanted = transports.filter((t) => !t.silent).map((t) => levels[t.level ?? 'warning']);
  const most = LOG_LEVELS[Math.max(-1, ...wanted)] ?? 'critical';
  return adapt(winston.createLogger({ levels, level: most, transports }), wanted.length > 0);
}

/**
 * The brine {@link Logger} over a winston logger with Salt's levels (winston types its custom-level methods
 * loosely). A record below the logger's level is dropped before winston builds it: winston otherwise pushes
 * every record through its streams, ~30 µs each, before a transport filters it.
 * @param any whether any transport writes at all
 */
function adapt(w: winston.Logger, any: boolean): Logger {
  const at = (level: string) => (msg: string, meta?: object) => {
    if (any && w.isLevelEnabled(level)) w.log(level, msg, meta);
  };
  return {
    critical: at('critical'),
    error: at('error'),
    warning: at('warning'),
    info: at('info'),
    debug: at('debug'),
    trace: at('trace'),
    child: (meta) => adapt(w.child(meta), any),
  };
}
