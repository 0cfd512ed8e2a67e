/**
 * How every CLI ends on an error: `ERROR: message` on stderr (plus a hint line
 * when the error has one) and a non-zero exit code, never a stack trace.
 */
import { SaltError, errorMessage } from '@brine/core/errors';
import { EX_GENERIC } from './exit-codes';

/**
 * Run a CLI's main function and exit with its code; errors print Salt-style.
 * @param main resolves to the exit code
 */
export function runCli(main: () => Promise<number>): void {
  // Exit only once stdout and stderr have drained: output to a pipe is asynchronous.
  const exit = (code: number) => process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
  main().then(exit, (err: unknown) => {
    process.stderr.write(`ERROR: ${errorMessage(err)}\n`);
    if (err instanceof SaltError && err.hint) process.stderr.write(`${err.hint}\n`);
    if (!(err instanceof SaltError) && process.env.BRINE_DEBUG) process.stderr.write(`${(err as Error)?.stack ?? ''}\n`);
    exit(EX_GENERIC);
  });
}
