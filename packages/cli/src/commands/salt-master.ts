/** `salt-master [-c DIR] [-d] [-l LEVEL]`: run the master daemon. */
import { MASTER_SCHEMA } from '@brine/core/config/master';
import { startMaster } from '@brine/master/master';
import { runDaemon } from '../daemon';

/** Run salt-master until SIGTERM/SIGINT. @returns the exit code */
export function saltMaster(argv: string[]): Promise<number> {
  return runDaemon(argv, {
    name: 'master',
    schema: MASTER_SCHEMA,
    start: async (config, log) => (await startMaster(config, log)).stop,
  });
}
