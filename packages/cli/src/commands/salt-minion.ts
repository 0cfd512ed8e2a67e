/** `salt-minion [-c DIR] [-d] [-l LEVEL]`: run the minion daemon. */
import { MINION_SCHEMA } from '@brine/core/config/minion';
import { startMinion } from '@brine/minion/minion';
import { runDaemon } from '../daemon';

/** Run salt-minion until SIGTERM/SIGINT. @returns the exit code */
export function saltMinion(argv: string[]): Promise<number> {
  return runDaemon(argv, {
    name: 'minion',
    schema: MINION_SCHEMA,
    start: async (config, log) => (await startMinion(config, log)).stop,
  });
}
