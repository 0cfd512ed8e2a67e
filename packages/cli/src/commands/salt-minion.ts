/** `salt-minion [-c DIR] [-d] [-l LEVEL]`: run the minion daemon. */
import { MINION_SCHEMA } from '@brine/core/config/minion';
import { startMinion } from '@brine/minion/minion';
import { daemonCommand } from '../daemon';

export default daemonCommand({
  name: 'minion',
  schema: MINION_SCHEMA,
  start: async (config, log) => (await startMinion(config, log)).stop,
});
