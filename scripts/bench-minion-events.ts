/**
 * `ts-node --transpile-only -P scripts/tsconfig.json scripts/bench-minion-events.ts`: what a minion's custom
 * events (`_minion_event`, event.send) cost, with a subscriber reading the bus:
 * - in the master's process: the guard (tag, size, depth, rate) and the event built on the bus, per event;
 * - end to end, one minion (in this process, the minion's own sealed channel) against a real master: a burst
 *   sent one after another (each waits for the master's answer), then many at once for a few seconds, where the
 *   per-minion rate bound (MINION_EVENT_RATE, MINION_EVENT_BURST) decides how many the master fires.
 * Prints one Markdown table.
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '@brine/core/config/load';
import { MINION_SCHEMA } from '@brine/core/config/minion';
import { consoleLogger } from '@brine/core/log';
import { MINION_EVENT_BURST, MINION_EVENT_RATE } from '@brine/core/protocol/v1/constants';
import { connectLocal, loadMasterConfig } from '@brine/cli/client';
import { EventBus } from '@brine/master/events/bus';
import { MinionEventGuard } from '@brine/master/events/minion-event-guard';
import { fireMinionEvent } from '@brine/master/events/minion-events';
import { connectMinion } from '@brine/minion/connect';
import { Cluster } from '../test/integration/helpers/cluster';
import { procStats } from './lib/proc';

const quiet = consoleLogger('quiet');
const DATA = { build: 1234, result: 'success', url: 'https://ci.example.com/job/1234' };

/** Master-side cost per event, in µs: guard plus the event built and kept on a bus with a subscriber. */
async function inProcess(n: number): Promise<number> {
  const bus = new EventBus(quiet);
  await bus.poll(undefined);
  const guard = new MinionEventGuard(Infinity, Infinity);
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    const load = { tag: `myco/build/${i % 100}/success`, data: DATA };
    guard.admit('web1', load);
    fireMinionEvent(bus, 'web1', load);
  }
  return Number(process.hrtime.bigint() - t0) / 1000 / n;
}

async function main(): Promise<void> {
  const rows: [string, string][] = [];
  const perEvent = await inProcess(100000);
  rows.push(['master side, per event (guard + bus, a subscriber listening)', `${perEvent.toFixed(2)} µs (${Math.round(1e6 / perEvent)} events/s of one core)`]);

  const cluster = await Cluster.start({ master: { auto_accept: true } });
  const stop = new AbortController();
  try {
    // A subscriber that keeps reading, so the master builds every event.
    const sub = connectLocal(loadMasterConfig(cluster.masterDir));
    let { cursor } = await sub.events({});
    let received = 0;
    const reading = (async () => {
      while (!stop.signal.aborted) {
        const page = await sub.events({ after: cursor, wait: 500 });
        cursor = page.cursor;
        received += page.events.filter((e) => e.tag.startsWith('myco/')).length;
      }
    })();

    const dir = cluster.minionDir('bench1');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'minion'), `id: bench1\nroot_dir: ${dir}\nmaster: 127.0.0.1\nmaster_port: ${cluster.ports.ret_port}\n`);
    const { config } = loadConfig(MINION_SCHEMA, dir, 'minion');
    const link = await connectMinion(config, quiet, { grains: { id: 'bench1' } });
    const auth = await link.authenticate();
    if (auth.status !== 'accepted') throw new Error(`not accepted: ${auth.status}`);
    const fire = () => link.channel._minion_event({ tag: 'myco/build/1/success', data: DATA });

    // One after another, within the burst: the round trip per event; twice, the first run warming the JIT up.
    const refill = () => new Promise((r) => setTimeout(r, (MINION_EVENT_BURST / MINION_EVENT_RATE) * 1000 + 200));
    for (const run of ['cold', 'warm']) {
      const cpu0 = procStats(cluster.master.proc.pid!).cpu;
      const t0 = Date.now();
      for (let i = 0; i < MINION_EVENT_BURST; i++) await fire();
      const ms = Date.now() - t0;
      const cpu = procStats(cluster.master.proc.pid!).cpu - cpu0;
      rows.push([`one minion, ${MINION_EVENT_BURST} events one after another (${run})`, `${(ms / MINION_EVENT_BURST).toFixed(2)} ms each (${Math.round((MINION_EVENT_BURST * 1000) / ms)} events/s); master CPU ${((cpu * 1e6) / MINION_EVENT_BURST).toFixed(0)} µs per event`]);
      await refill();
    }

    // Then flood: 32 at a time for 3 s.
    let fired = 0;
    let refused = 0;
    const until = Date.now() + 3000;
    const t1 = Date.now();
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        while (Date.now() < until) {
          try {
            await fire();
            fired++;
          } catch {
            refused++;
          }
        }
      }),
    );
    const secs = (Date.now() - t1) / 1000;
    rows.push([`one minion flooding for ${secs.toFixed(1)} s (32 in flight)`, `${fired} fired (${MINION_EVENT_BURST} burst + ${MINION_EVENT_RATE}/s), ${refused} refused (${Math.round(refused / secs)} refusals/s answered)`]);
    stop.abort();
    await reading;
    rows.push(['custom events the subscriber received', `${received} of ${2 * MINION_EVENT_BURST + fired} fired`]);
    link.close();
    sub.close();
  } finally {
    stop.abort();
    await cluster.stop();
  }
  console.log('| measure | value |\n|---|---|');
  for (const [k, v] of rows) console.log(`| ${k} | ${v} |`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
