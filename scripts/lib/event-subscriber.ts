/**
 * One event-bus subscriber for the benchmark (scripts/bench-events.ts), run as
 * its own process so that ten of them cost the bench process nothing: it
 * reads the master's bus through the local client, as `salt-run state.event`
 * does, counts what it received and what the bus reported missed, and
 * answers its parent's `report` message with the counts.
 */
import { connectLocal, loadMasterConfig } from '@brine/cli/client';

/** What a subscriber reports to its parent. */
export interface SubscriberReport {
  received: number;
  missed: number;
  /** Milliseconds since the epoch of the last event received (0 before any). */
  lastAt: number;
}

/** How long one poll may be held by the master (ms), as salt-run state.event asks. */
const POLL_WAIT_MS = 5000;

async function main(configDir: string): Promise<void> {
  const client = connectLocal(loadMasterConfig(configDir), 30000);
  const report: SubscriberReport = { received: 0, missed: 0, lastAt: 0 };
  let stopping = false;
  process.on('message', (msg: string) => {
    if (msg === 'report') process.send?.(report);
    if (msg === 'stop') stopping = true;
  });
  let { cursor } = await client.events({});
  process.send?.('ready');
  while (!stopping) {
    const page = await client.events({ after: cursor, wait: POLL_WAIT_MS });
    cursor = page.cursor;
    report.missed += page.missed;
    if (page.events.length > 0) {
      report.received += page.events.length;
      report.lastAt = Date.now();
    }
  }
  client.close();
  process.exit(0);
}

main(process.argv[2]!).catch((err: unknown) => {
  process.stderr.write(`event subscriber failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
