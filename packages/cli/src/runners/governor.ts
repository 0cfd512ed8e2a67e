/**
 * The `governor` runner (brine's own, after Choria's `choria governor view`):
 * the fleet-wide concurrency cap's slot table, read from the master over the
 * local client channel (master/governor.ts).
 */
import { withLocalClient } from '../client';
import { defineRunner, defineRunnerFunction } from './define';

export default defineRunner({
  name: 'governor',
  doc: "Inspect the fleet-wide concurrency cap of schedule entries (concurrency_group): which minions hold a group's slots and which wait.",
  functions: {
    status: defineRunnerFunction({
      doc:
        'The concurrency groups with a slot held or a minion waiting, sorted by name: {group: {limit, holders: ' +
        "[{minion, run, expires}], waiting: [minion, ...]}}. `run` names the scheduled run holding the slot (its entry's " +
        'name and a random suffix); `expires` when its lease ends unless renewed (ISO 8601, UTC); `waiting` is in queue order. Empty when no ' +
        'slot is held.',
      example: 'salt-run governor.status',
      args: [],
      run: (ctx) => withLocalClient(ctx.config, (client) => client.governor_status({})),
    }),
  },
});
