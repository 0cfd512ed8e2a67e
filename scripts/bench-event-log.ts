/**
 * `npm run bench:event-log`: what the master's event bus costs per event
 * fired, in CPU microseconds (median of `--rounds` rounds of `--events` events,
 * after a warm-up), for a minion's `salt/job/<jid>/ret/<id>` event (the most
 * frequent one), fired in bursts of `--burst` per event-loop turn as returns
 * arrive:
 * - without the log and no subscriber (the bus only counts it);
 * - without the log, a subscriber listening (built, kept in the ring);
 * - with the log (built, kept, JSON-encoded and appended, one write per turn),
 *   in a temporary folder; also the bytes per event on disk.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yargs from 'yargs';
import { consoleLogger } from '@brine/core/log';
import { EventBus } from '@brine/master/events/bus';
import { EventLog } from '@brine/master/events/event-log';
import { fireReturn } from '@brine/master/events/job-events';
import type { ReturnLoad } from '@brine/core/protocol/v1/loads';

const a = yargs(process.argv.slice(2))
  .option('events', { type: 'number', default: 100000, describe: 'Events fired per round' })
  .option('burst', { type: 'number', default: 100, describe: 'Events fired per event-loop turn' })
  .option('rounds', { type: 'number', default: 5, describe: 'Rounds; the median is reported' })
  .strict()
  .parseSync();

const quiet = consoleLogger('quiet');
const turn = () => new Promise((r) => setImmediate(r));
const ret = (i: number): ReturnLoad => ({
  jid: '20261204024216748585', id: `minion${i % 1000}`, fun: 'test.ping', fun_args: [], return: true, retcode: 0, success: true, started: 0, finished: 0,
});

/**
 * CPU microseconds (user + system, so the writes count; not wall time, which other processes on a shared machine
 * inflate) per event of one round firing `--events` events on `bus`, `--burst` per turn (the last flush included).
 */
async function round(bus: EventBus): Promise<number> {
  const t0 = process.cpuUsage();
  for (let i = 0; i < a.events; i++) {
    fireReturn(bus, ret(i), () => 'root');
    if (i % a.burst === a.burst - 1) await turn();
  }
  await turn();
  const t = process.cpuUsage(t0);
  return (t.user + t.system) / a.events;
}

const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];

async function measure(name: string, make: () => { bus: EventBus; done(): void }): Promise<number> {
  const samples: number[] = [];
  for (let r = 0; r <= a.rounds; r++) {
    const { bus, done } = make();
    const us = await round(bus);
    done();
    if (r > 0) samples.push(us);
  }
  const us = median(samples);
  console.log(`| ${name} | ${us.toFixed(2)} | ${Math.round(1e6 / us).toLocaleString('en-US')} |`);
  return us;
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'brine-evlog-bench-'));
  try {
    console.log(`${a.events} salt/job/<jid>/ret/<id> events per round, ${a.burst} per event-loop turn, median of ${a.rounds} rounds; ${os.cpus()[0]?.model ?? '?'}, Node ${process.version}\n`);
    console.log('| bus | CPU µs per event | events/s per core |\n|---|---|---|');
    await measure('no log, no subscriber', () => ({ bus: new EventBus(quiet), done() {} }));
    await measure('no log, a subscriber', () => {
      const bus = new EventBus(quiet);
      void bus.poll(undefined);
      return { bus, done() {} };
    });
    let bytes = 0;
    await measure('event log (64 MiB bound)', () => {
      fs.rmSync(dir, { recursive: true, force: true });
      const log = EventLog.open(dir, quiet);
      return {
        bus: new EventBus(quiet, log),
        done() {
          log.close();
          bytes = fs.readdirSync(dir).reduce((n, f) => n + fs.statSync(path.join(dir, f)).size, 0);
        },
      };
    });
    console.log(`\n${(bytes / a.events).toFixed(0)} bytes per event on disk`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main();
