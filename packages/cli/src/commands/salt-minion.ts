/** `salt-minion [-c DIR] [-d] [-l LEVEL]`: run the minion daemon. */
import { MINION_SCHEMA } from '@brine/core/config/minion';
import { startMinion } from '@brine/minion/minion';
import { daemonCommand } from '../daemon';
import { runnerCatalog } from '../runner-catalog';

export default daemonCommand({
  name: 'minion',
  description: 'Run a minion: it connects to its master, runs the jobs it receives and returns their results.',
  schema: MINION_SCHEMA,
  start: async (config, log) => (await startMinion(config, log, { runners: runnerCatalog })).stop,
});
