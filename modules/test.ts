/**
 * Salt's `test` module: functions to check that a minion answers and that
 * arguments arrive as sent.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { defineFunction, defineModule } from '@brine/core/loader/define';
import { CommandExecutionError, SaltInvocationError, errorMessage } from '@brine/core/errors';
import { brineVersion } from '@brine/core/version';

export default defineModule({
  name: 'test',
  doc: 'Check that minions respond and see how they receive arguments.',
  functions: {
    ping: defineFunction({
      doc: 'Used to make sure the minion is up and responding. Not an ICMP ping.\n\nReturns ``True``.',
      example: "salt '*' test.ping",
      args: [],
      run: () => true,
    }),
    echo: defineFunction({
      doc:
        'Return the given value unchanged. CLI values are parsed as YAML, so `1` comes back as the number 1\n' +
        'and `[a, b]` as a list; quote it to keep a string.',
      example: "salt '*' test.echo 'hello world'",
      args: [{ name: 'text', type: 'any', required: true, doc: 'The value to return.' }],
      run: (_ctx, { text }) => text,
    }),
    sleep: defineFunction({
      doc:
        'Wait `length` seconds (fractions allowed), then return True. Useful to test job timeouts.\n' +
        'Raises an error when the job is killed or times out before the time is up, or when `length` is negative.',
      example: "salt '*' test.sleep 20",
      args: [{ name: 'length', type: 'number', required: true, doc: 'How long to wait, in seconds.' }],
      async run(ctx, { length }) {
        if (length < 0) throw new SaltInvocationError(`test.sleep: length must be zero or more seconds, got ${length}`);
        try {
          return await sleep(length * 1000, true, { signal: ctx.signal });
        } catch (err) {
          throw new CommandExecutionError(`test.sleep was interrupted: ${errorMessage(ctx.signal.reason ?? err)}`);
        }
      },
    }),
    version: defineFunction({
      doc: "Return the brine version running on the minion, e.g. '0.1.0'.",
      example: "salt '*' test.version",
      args: [],
      run: () => brineVersion(),
    }),
    arg: defineFunction({
      doc:
        'Return the arguments the minion received, as `{args: [positional...], kwargs: {name: value}}`.\n' +
        'Shows how CLI values were parsed (YAML: numbers, booleans, lists, dicts).',
      example: "salt '*' test.arg 1 two three=3",
      args: [],
      varargs: true,
      varkwargs: true,
      run: (_ctx, { __args__, __kwargs__ }) => ({ args: __args__, kwargs: __kwargs__ }),
    }),
    true: defineFunction({
      doc: 'Always return True.',
      example: "salt '*' test.true",
      args: [],
      run: () => true,
    }),
    false: defineFunction({
      doc: 'Always return False.',
      example: "salt '*' test.false",
      args: [],
      run: () => false,
    }),
  },
});
