/**
 * Checking what a cross-module call returned. `ctx.salt.call` returns
 * `unknown` (any module, an extension included, may serve a name), so a
 * module or state that reads another's result checks its shape here instead
 * of trusting a cast.
 */
import { CommandExecutionError } from '../errors';

/**
 * `value`, the result of `fun`, when `is` accepts it.
 * @param what the expected shape, for the message (e.g. '{retcode, stdout, stderr}')
 * @throws CommandExecutionError "<fun> returned <value as JSON>, not <what>"
 */
export function expectResult<T>(fun: string, value: unknown, is: (v: unknown) => v is T, what: string): T {
  if (is(value)) return value;
  throw new CommandExecutionError(`${fun} returned ${JSON.stringify(value)}, not ${what}`);
}
