/** Python's printf-style string formatting: `'%s:%d' % (host, port)`. */
import { PyError } from '../runtime/values';

/**
 * `format % values`, as CPython's str.__mod__: a tuple supplies positional
 * conversions, a dict supplies `%(name)s` conversions, anything else is one value.
 * @throws PyError TypeError/ValueError with CPython's messages
 */
export function percentFormat(format: string, values: unknown): string {
  throw new PyError('NotImplementedError', `% formatting is not implemented yet (${format}, ${typeof values})`);
}
