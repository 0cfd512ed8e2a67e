/** Python's `str.format()` and its format-spec mini-language. */
import { PyError, type Kwargs } from '../runtime/values';

/**
 * `format.format(*args, **kwargs)`, as CPython.
 * @throws PyError IndexError/KeyError/ValueError with CPython's messages
 */
export function strFormat(format: string, args: unknown[], kwargs: Kwargs): string {
  throw new PyError('NotImplementedError', `str.format is not implemented yet (${format}, ${args.length}, ${kwargs.size})`);
}
