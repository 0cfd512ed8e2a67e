/**
 * Salt's `log` execution module (logmod): write a message to the minion's log
 * at a chosen level, mostly from templates (`{{salt "log.debug" "..."}}`) to
 * see what they compute. Each function returns True.
 */
import { defineFunction, defineModule, type FunctionDef } from '@brine/core/loader/define';
import { pyStr } from '@brine/core/jinja/runtime/values';

/** The level each function logs at: Salt's `log.exception` logs at error (without a traceback here, as there is none). */
const LEVELS = { debug: 'debug', info: 'info', warning: 'warning', error: 'error', critical: 'critical', exception: 'error' } as const;

/** One function: log `message` (any value, as Python's str() prints it) at `level` and return True. */
function logAt(fun: keyof typeof LEVELS): FunctionDef {
  const level = LEVELS[fun];
  return defineFunction({
    doc: `Log \`message\` in the minion's log at level ${level.toUpperCase()}${fun === 'exception' ? " (Salt's log.exception)" : ''}, and return True.
A message that is not text is written as Python's str() prints it. It shows when the minion's log_level (or
log_level_logfile) lets ${level} through.`,
    example: `salt '*' log.${fun} 'Please do not do that'`,
    args: [{ name: 'message', type: 'any', required: true, doc: 'What to log.' }],
    run: (ctx, a) => {
      ctx.log[level](pyStr(a.message));
      return true;
    },
  });
}

export default defineModule({
  name: 'log',
  doc: "Write messages to the minion's log at a chosen level (debug, info, warning, error, critical, exception), as Salt's log module; handy in templates.",
  functions: {
    debug: logAt('debug'),
    info: logAt('info'),
    warning: logAt('warning'),
    error: logAt('error'),
    critical: logAt('critical'),
    exception: logAt('exception'),
  },
});
