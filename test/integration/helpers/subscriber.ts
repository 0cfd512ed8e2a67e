/**
 * A subscriber to a test cluster's master event bus, through the local client as `salt-run state.event` reads it.
 */
import type { BusEvent } from '@brine/core/protocol/v1/local-client';
import { connectLocal, loadMasterConfig, type LocalClient } from '@brine/cli/client';
import type { Cluster } from './cluster';

/** A subscription: its client (close it when done) and `until`, which reads events until `done` holds. */
export interface Subscription {
  client: LocalClient;
  /**
   * Read events (each poll held up to 5 s by the master) until `done` holds of all seen so far.
   * @returns every event seen since the subscription began
   * @throws Error after 20 s, naming the tags seen; fails the test when the bus reports an event missed
   */
  until(done: (seen: BusEvent[]) => boolean): Promise<BusEvent[]>;
}

/** Subscribe to the bus of `cluster`'s master from now on. */
export async function subscribe(cluster: Cluster): Promise<Subscription> {
  const client = connectLocal(loadMasterConfig(cluster.masterDir));
  let { cursor } = await client.events({});
  const seen: BusEvent[] = [];
  return {
    client,
    async until(done) {
      const deadline = Date.now() + 20000;
      while (!done(seen)) {
        if (Date.now() > deadline) throw new Error(`timed out; saw ${seen.map((e) => e.tag).join(', ')}`);
        const page = await client.events({ after: cursor, wait: 5000 });
        expect(page.missed).toBe(0);
        cursor = page.cursor;
        seen.push(...page.events);
      }
      return seen;
    },
  };
}
