/**
 * What a daemon does with an error nothing handled (an uncaught exception or
 * an unhandled promise rejection): it logs it as critical, with its stack,
 * stops as cleanly as it can (sockets closed, at most 5 s), and exits with
 * Salt's EX_SOFTWARE (70), so that a supervisor (systemd's
 * `Restart=on-failure`, see pkg/systemd/) starts it again. Carrying on in an
 * unknown state could lose returns or admit what should be refused.
 */
import { EX_SOFTWARE } from '@brine/core/exit-codes';
import type { Logger } from '@brine/core/log';

/** How long a fatal stop may take before the process exits anyway, in ms. */
const STOP_GRACE_MS = 5000;

/** What {@link exitOnFatal} needs from the daemon. */
export interface FatalOptions {
  /** `master` or `minion`, for the log line. */
  name: string;
  log: Logger;
  /** The daemon's stop function, once it has started (undefined before). */
  stop: () => (() => Promise<void>) | undefined;
  /** Rejections known to be harmless (a library's own promise whose error its callers also got): logged at debug. */
  harmless?: (reason: unknown) => boolean;
}

/** The stack of `err` (or its text when it is not an Error). */
function describe(err: unknown): string {
  return err instanceof Error ? (err.stack ?? `${err.name}: ${err.message}`) : String(err);
}

/** Install the process handlers (see the module note); the first fatal error wins, later ones are only logged. */
export function exitOnFatal(o: FatalOptions): void {
  let exiting = false;
  const fatal = (kind: string, err: unknown) => {
    o.log.critical(`The salt-${o.name} stops on an ${kind}: ${describe(err)}`);
    if (exiting) return;
    exiting = true;
    const exit = () => process.exit(EX_SOFTWARE);
    setTimeout(exit, STOP_GRACE_MS).unref();
    const stop = o.stop();
    if (!stop) return exit();
    stop().then(exit, exit);
  };
  process.on('uncaughtException', (err) => fatal('uncaught exception', err));
  process.on('unhandledRejection', (reason) => {
    if (o.harmless?.(reason)) return o.log.debug(`Ignoring a library's own rejected promise: ${describe(reason)}`);
    fatal('unhandled rejection', reason);
  });
}
