/**
 * `npm run bench:returners`: what returners cost, in microseconds per item
 * (median of `--rounds` rounds, after a warm-up), in-process on this host:
 * - the minion's dispatch of a job return without `ret` (every job pays this)
 *   and with `ret: local_file` (a JSON line appended) and `ret: syslog`
 *   (a datagram to a unix socket this script binds);
 * - the master bus's `fire` without event_return (nothing built), and with
 *   `event_return: rawfile_json` (the event built and queued; the batched
 *   writes are timed with it, to the end of the last flush).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DgramSocket } from 'node-unix-socket';
import yargs from 'yargs';
import { loadConfig } from '@brine/core/config/load';
import { MASTER_SCHEMA } from '@brine/core/config/master';
import { MINION_SCHEMA } from '@brine/core/config/minion';
import { consoleLogger } from '@brine/core/log';
import type { ReturnLoad } from '@brine/core/protocol/v1/loads';
import { EventBus } from '@brine/master/events/bus';
import { EventReturn } from '@brine/master/events/event-return';
import { ReturnerDispatch } from '@brine/minion/returner-dispatch';

const a = yargs(process.argv.slice(2))
  .option('items', { type: 'number', default: 2000, describe: 'Returns or events per round' })
  .option('rounds', { type: 'number', default: 5, describe: 'Rounds; the median is reported' })
  .strict()
  .parseSync();

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'brine-bench-ret-'));
const log = consoleLogger('warning');
const sock = path.join(dir, 'syslog.sock');
const syslogd = new DgramSocket();
let received = 0;
syslogd.on('data', () => received++);
syslogd.bind(sock);

const minion = loadConfig(MINION_SCHEMA, path.join(dir, 'etc'), 'minion', { root_dir: path.join(dir, 'minion'), id: 'bench', 'syslog.socket': sock }).config;
const RET: ReturnLoad = { jid: '20261204000000000000', id: 'bench', fun: 'test.ping', fun_args: [], return: true, retcode: 0, success: true, started: 0, finished: 0 };

/** Median µs per item of `rounds` rounds of `run(items)`. */
async function measure(run: (n: number) => Promise<void>, n = a.items): Promise<number> {
  await run(Math.min(n, 200));
  const per: number[] = [];
  for (let r = 0; r < a.rounds; r++) {
    const t = process.hrtime.bigint();
    await run(n);
    per.push(Number(process.hrtime.bigint() - t) / 1000 / n);
  }
  return per.sort((x, y) => x - y)[Math.floor(per.length / 2)];
}

async function main(): Promise<void> {
  const rows: [string, number][] = [];
  const dispatch = new ReturnerDispatch(minion, log);
  rows.push(['minion: a job without --return (dispatch)', await measure(async (n) => { for (let i = 0; i < n; i++) await dispatch.dispatch({}, RET); }, a.items * 100)]);
  rows.push(['minion: --return local_file (one JSON line appended)', await measure(async (n) => { for (let i = 0; i < n; i++) await dispatch.dispatch({ ret: 'local_file' }, RET); })]);
  rows.push(['minion: --return syslog (one datagram)', await measure(async (n) => { for (let i = 0; i < n; i++) await dispatch.dispatch({ ret: 'syslog' }, RET); })]);
  dispatch.close();

  const data = () => ({ jid: RET.jid, id: 'bench', fun: 'test.ping', return: true, retcode: 0, success: true });
  const bare = new EventBus(log);
  rows.push(['master: fire without event_return', await measure(async (n) => { for (let i = 0; i < n; i++) bare.fire('salt/job/1/ret/bench', data); }, a.items * 100)]);
  const master = loadConfig(MASTER_SCHEMA, path.join(dir, 'etc'), 'master', { root_dir: path.join(dir, 'master'), event_return: 'rawfile_json' }).config;
  rows.push(['master: fire with event_return: rawfile_json (to the last write)', await measure(async (n) => {
    const bus = new EventBus(log);
    const er = EventReturn.start(master, bus, log)!;
    for (let i = 0; i < n; i++) {
      bus.fire('salt/job/1/ret/bench', data);
      // A turn of the loop per 100 events, as a master handling requests gives (batches of ~100).
      if (i % 100 === 99) await new Promise((r) => setImmediate(r));
    }
    await er.close();
  })]);

  console.log(`items per round: ${a.items} (x100 for the no-returner rows), rounds: ${a.rounds}, median`);
  for (const [what, us] of rows) console.log(`${what.padEnd(66)} ${us.toFixed(3).padStart(9)} µs`);
  console.log(`syslog datagrams received: ${received}`);
  syslogd.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

void main();
