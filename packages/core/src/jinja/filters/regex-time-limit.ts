/**
 * A time limit for running template-supplied regular expressions. JavaScript
 * regexes backtrack, as Python's `re` does, so a pattern like `(a+)+$` on
 * `'aaaa…!'` runs for ages (in Salt too); run on the event loop, it would stop
 * the daemon. V8 can only interrupt a running regex from its watchdog, which
 * `vm`'s `timeout` option arms, so the search runs as a call from a tiny
 * script in a private context; past the limit the render fails.
 */
import vm from 'node:vm';
import { REGEX_TIMEOUT_MS } from '../runtime/limits';
import { PyError } from '../runtime/values';

const context = vm.createContext(Object.create(null) as object);
const script = new vm.Script('task()');

/**
 * `search()`, stopped after {@link REGEX_TIMEOUT_MS} milliseconds.
 * @returns what `search` returns
 * @throws PyError TimeoutError past the limit; whatever `search` throws
 */
export function limitRegexTime<T>(search: () => T): T {
  (context as { task?: () => T }).task = search;
  try {
    return script.runInContext(context, { timeout: REGEX_TIMEOUT_MS }) as T;
  } catch (e) {
    if ((e as { code?: unknown } | null)?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') {
      throw new PyError('TimeoutError', `a regular expression ran for more than ${REGEX_TIMEOUT_MS} ms (brine's limit for one search)`);
    }
    throw e;
  } finally {
    delete (context as { task?: () => T }).task;
  }
}
