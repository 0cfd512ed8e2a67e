/** `salt-master [-c DIR] [-d] [-l LEVEL]`: run the master daemon. */
import { MASTER_SCHEMA } from '@brine/core/config/master';
import { isOrphanCommitFailure } from '@brine/master/lmdb-orphans';
import { startMaster } from '@brine/master/master';
import { daemonCommand } from '../daemon';

export default daemonCommand({
  name: 'master',
  description: 'Run the master: it authenticates minions, publishes jobs and keeps their returns.',
  schema: MASTER_SCHEMA,
  harmlessRejection: isOrphanCommitFailure,
  start: async (config, log) => (await startMaster(config, log)).stop,
});
