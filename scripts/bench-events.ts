/**
 * `npm run bench:events -- --minions 1000 --runs 5`: what the master's event
 * bus costs and carries, against a real master and a minion swarm on
 * 127.0.0.1 (issue 14's benchmark):
 * - the cost of the bus on `salt '*' test.ping` at `--minions`: CLI wall time,
 *   publication to last return (job cache stamps) and master CPU per job,
 *   first with no subscriber ever attached, then with one subscriber reading
 *   every event (a separate process, as `salt-run state.event`);
 * - the event rate the master sustains to `--subscribers` subscribers (each
 *   its own process): `--rate-jobs` test.ping jobs published at once to
 *   `--rate-minions` minions (each job fires 2 + N events: the jid, `new` and
 *   one `ret` per minion), once with no subscriber (after a warm-up burst)
 *   and once with the subscribers attached; the rate is the events every
 *   subscriber received over the time from the first publication to its last
 *   event, with the events each was told it missed, and each burst's time to
 *   its last stored return shows what the subscribers cost the master.
 * Note: the event log (`event_log`, on by default) builds and keeps every
 *   event whether or not a subscriber listens, so "no subscriber" includes it.
 * Prints Markdown tables and writes the raw figures as JSON (`--json FILE`).
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import yargs from 'yargs';
import { connectLocal, loadMasterConfig, returnsById } from '@brine/cli/client';
import { Cluster } from '../test/integration/helpers/cluster';
import type { SubscriberReport } from './lib/event-subscriber';
import { procStats } from './lib/proc';
import { fmt, summarize, type Summary } from './lib/stats';
import { startSwarm, type Swarm } from './lib/swarm';

const a = yargs(process.argv.slice(2))
  .option('minions', { type: 'number', default: 1000, describe: 'Fleet size for the test.ping cost (0 skips it)' })
  .option('runs', { type: 'number', default: 5, describe: 'test.ping runs with and without a subscriber' })
  .option('subscribers', { type: 'number', default: 10 })
  .option('rate-minions', { type: 'number', default: 100, describe: 'Fleet size for the event rate (0 skips it)' })
  .option('rate-jobs', { type: 'number', default: 200 })
  .option('dir', { type: 'string', default: '.swarm', describe: 'Swarm folder (keys are reused across runs)' })
  .option('json', { type: 'string', describe: 'Write the raw figures to this file' })
  .strict()
  .parseSync();

const swarmDir = path.resolve(a.dir);
const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
const log = (s: string) => process.stderr.write(`[bench:events] ${s}\n`);

/** A master with auto_accept and `n` swarm minions, all authenticated. */
async function fleet(n: number): Promise<{ cluster: Cluster; swarm: Swarm }> {
  const cluster = await Cluster.start({ master: { auto_accept: true, timeout: 30 }, logLevel: 'warning' });
  const swarm = await startSwarm({
    count: n, prefix: 'bench', dir: swarmDir, master: '127.0.0.1', retPort: cluster.ports.ret_port,
    publishPort: cluster.ports.publish_port, perProcess: Math.max(Math.ceil(n / 2), 1),
  });
  await swarm.authenticated();
  return { cluster, swarm };
}

/** A subscriber process reading the bus of the master configured in `configDir`; resolves once it holds a cursor. */
async function subscriber(configDir: string): Promise<ChildProcess> {
  const child = fork(path.join(__dirname, 'lib', 'event-subscriber.ts'), [configDir], {
    execArgv: ['-r', 'ts-node/register/transpile-only'],
    env: { ...process.env, TS_NODE_PROJECT: path.join(__dirname, 'tsconfig.json') },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`subscriber exited with ${code}`)));
  });
  return child;
}

/** A subscriber's counts now. */
function report(child: ChildProcess): Promise<SubscriberReport> {
  return new Promise((resolve) => {
    child.once('message', (r: SubscriberReport) => resolve(r));
    child.send('report');
  });
}

/** Stop subscriber processes and wait for them to exit (a held poll ends within 5 s). */
async function stopAll(children: ChildProcess[]): Promise<void> {
  await Promise.all(children.map((c) => new Promise<void>((resolve) => {
    if (c.exitCode !== null) return resolve();
    c.once('exit', () => resolve());
    c.send('stop');
  })));
}

/** One row of the test.ping cost table. */
interface PingFigures {
  wall: Summary;
  toLast: Summary;
  masterCpuMsPerJob: number;
  missing: number;
}

/** `runs` times `salt '*' test.ping`: wall seconds, publish to last return, and the master's CPU per job. */
async function pings(cluster: Cluster, n: number): Promise<PingFigures> {
  const walls: number[] = [];
  const toLast: number[] = [];
  let missing = 0;
  const cpu0 = procStats(cluster.master.proc.pid!).cpu;
  for (let i = 0; i < a.runs; i++) {
    const t0 = process.hrtime.bigint();
    const r = await cluster.run('salt', ['*', 'test.ping', '--show-jid', '--out', 'txt']);
    walls.push(ms(t0) / 1000);
    const jid = /^jid: (\d{20})$/m.exec(r.stdout)?.[1];
    if (!jid) throw new Error(`no jid from salt '*' test.ping: ${r.stdout}${r.stderr}`);
    const load = (await cluster.job(jid))!;
    const rets = [...(await cluster.jobReturns(jid)).values()];
    missing += n - rets.length;
    if (rets.length) toLast.push((Math.max(...rets.map((x) => x.stamp)) - load.started) / 1000);
  }
  const cpu = procStats(cluster.master.proc.pid!).cpu - cpu0;
  return { wall: summarize(walls), toLast: summarize(toLast), masterCpuMsPerJob: (cpu / a.runs) * 1000, missing };
}

/** test.ping at `n` minions before any subscriber attached, then with one reading every event. */
async function pingCost(n: number): Promise<{ n: number; without: PingFigures; with: PingFigures; subscriber: SubscriberReport }> {
  log(`test.ping cost at ${n} minions`);
  const { cluster, swarm } = await fleet(n);
  try {
    await cluster.run('salt', ['*', 'test.ping', '--out', 'quiet']); // warm-up, not counted
    const without = await pings(cluster, n);
    const sub = await subscriber(cluster.masterDir);
    try {
      const withSub = await pings(cluster, n);
      return { n, without, with: withSub, subscriber: await report(sub) };
    } finally {
      await stopAll([sub]);
    }
  } finally {
    await swarm.stop();
    await cluster.stop();
  }
}

/** What one burst of `rate-jobs` test.ping jobs took: seconds from the first publication to the last return stored. */
async function burst(cluster: Cluster, n: number): Promise<{ t0: number; seconds: number; returns: number }> {
  const client = connectLocal(loadMasterConfig(cluster.masterDir));
  try {
    const t0 = Date.now();
    const published = await Promise.all(Array.from({ length: a['rate-jobs'] }, () => client.publish({ tgt: '*', tgt_type: 'glob', fun: 'test.ping', arg: [], kwarg: {}, user: 'bench' })));
    // Read each job's returns once it is complete (or after 120 s): the stamps say when the last one was stored.
    let last = t0;
    let returns = 0;
    for (const { jid } of published) {
      let got = await returnsById(client, jid!);
      while (got.size < n && Date.now() - t0 < 120000) {
        await new Promise((r) => setTimeout(r, 500));
        got = await returnsById(client, jid!);
      }
      returns += got.size;
      for (const r of got.values()) last = Math.max(last, r.stamp);
    }
    return { t0, seconds: (last - t0) / 1000, returns };
  } finally {
    client.close();
  }
}

/** Figures of the event-rate measurement. */
interface RateFigures {
  minions: number;
  subscribers: number;
  fired: number;
  /** The same burst with no subscriber: seconds to the last return, and the returns stored. */
  baseline: { seconds: number; returns: number };
  /** With the subscribers: seconds to the last return, and to the last event the slowest subscriber received. */
  burstSeconds: number;
  deliveredSeconds: number;
  perSubscriberRate: Summary;
  missed: number;
  short: number;
}

/**
 * The rate of events delivered to every one of `a.subscribers` subscribers, against the same burst of jobs with
 * no subscriber (so the bus's share of the time shows).
 */
async function eventRate(n: number): Promise<RateFigures> {
  log(`event rate: ${a['rate-jobs']} jobs to ${n} minions, first with no subscriber, then ${a.subscribers}`);
  const { cluster, swarm } = await fleet(n);
  const subs: ChildProcess[] = [];
  try {
    await burst(cluster, n); // warm-up: the first burst after the fleet starts pays for its connections
    const baseline = await burst(cluster, n);
    for (let i = 0; i < a.subscribers; i++) subs.push(await subscriber(cluster.masterDir));
    const fired = a['rate-jobs'] * (n + 2);
    const { t0, seconds } = await burst(cluster, n);
    // Done when every subscriber has received (or been told it missed) every event, or nothing moved for 10 s.
    let reports: SubscriberReport[] = [];
    for (let idle = 0; idle < 100; idle++) {
      const before = reports.reduce((s, r) => s + r.received + r.missed, 0);
      reports = await Promise.all(subs.map(report));
      if (reports.every((r) => r.received + r.missed >= fired)) break;
      if (reports.reduce((s, r) => s + r.received + r.missed, 0) > before) idle = 0;
      await new Promise((r) => setTimeout(r, 100));
    }
    return {
      minions: n, subscribers: a.subscribers, fired, baseline, burstSeconds: seconds,
      deliveredSeconds: (Math.max(...reports.map((r) => r.lastAt)) - t0) / 1000,
      perSubscriberRate: summarize(reports.map((r) => r.received / ((r.lastAt - t0) / 1000))),
      missed: reports.reduce((s, r) => s + r.missed, 0),
      short: reports.reduce((s, r) => s + Math.max(0, fired - r.received - r.missed), 0),
    };
  } finally {
    await stopAll(subs);
    await swarm.stop();
    await cluster.stop();
  }
}

async function main(): Promise<void> {
  const figures: Record<string, unknown> = {};
  if (a['rate-minions'] > 0) {
    const r = await eventRate(a['rate-minions']);
    figures.rate = r;
    process.stdout.write(
      `\n${r.fired} events (${a['rate-jobs']} test.ping jobs to ${r.minions} minions, published at once):\n\n` +
      '| subscribers | last return stored (s) | last event delivered (s) | events/s per subscriber, median (min–max) | missed (all subscribers) | not delivered |\n|---|---|---|---|---|---|\n' +
      `| none | ${r.baseline.seconds.toFixed(2)} (${r.baseline.returns} returns) | – | – | – | – |\n` +
      `| ${r.subscribers} | ${r.burstSeconds.toFixed(2)} | ${r.deliveredSeconds.toFixed(2)} | ${fmt(r.perSubscriberRate, 0)} | ${r.missed} | ${r.short} |\n`,
    );
  }
  if (a.minions > 0) {
    const p = await pingCost(a.minions);
    figures.ping = p;
    const row = (label: string, f: PingFigures) => `| ${label} | ${fmt(f.wall)} | ${fmt(f.toLast)} | ${f.masterCpuMsPerJob.toFixed(0)} | ${f.missing} |\n`;
    process.stdout.write(
      `\n\`salt '*' test.ping\` at ${p.n} minions, median (min–max) of ${a.runs}:\n\n| subscribers | CLI wall (s) | publish→last return (s) | master CPU per job (ms) | missing returns |\n|---|---|---|---|---|\n` +
      row('none', p.without) + row('one', p.with) +
      `\nThe subscriber received ${p.subscriber.received} events and was told it missed ${p.subscriber.missed}.\n`,
    );
  }
  if (a.json) fs.writeFileSync(a.json, JSON.stringify(figures, null, 2));
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:events failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
