/**
 * `npm run soak -- --minions 100 --minutes 30`: a real master and a swarm of
 * real minions on 127.0.0.1 (scripts/lib/swarm.ts: one process per 1,000
 * minions), with a mix of jobs issued continuously through the salt CLIs by
 * `--workers` concurrent operators (scripts/lib/soak/mix.ts: test.ping,
 * cmd.run, grains.items, state.apply of a small tree, async test.ping read
 * back with jobs.lookup_jid). Every `--sample` seconds the master's RSS and
 * open descriptors (/proc/<pid>/fd) are read, with the job cache's size on
 * disk. At the end it prints the samples as a table, the jobs by kind, and a
 * verdict: flat when the anonymous RSS and descriptor slopes over the last
 * `--window` minutes are within their bounds (scripts/lib/soak/trend.ts says
 * why the file-backed part is reported but not judged); writes everything to
 * `--json`. Exits 1 when a curve is not flat, a job failed, or the master
 * died. Not part of npm test.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yargs from 'yargs';
import { loadMasterConfig } from '@brine/cli/client';
import { Cluster } from '../test/integration/helpers/cluster';
import { mib, procStats, type ProcStats } from './lib/proc';
import { JOB_KINDS, writeSoakTree, type JobKindName, type JobOutcome, type RunCli } from './lib/soak/mix';
import { trend, type Trend } from './lib/soak/trend';
import { summarize } from './lib/stats';
import { startSwarm } from './lib/swarm';

const a = yargs(process.argv.slice(2))
  .usage('npm run soak -- [--minions 100] [--minutes 30] [--sample 60] [--json FILE]')
  .option('minions', { type: 'number', default: 100, describe: 'Minions in the swarm' })
  .option('minutes', { type: 'number', default: 30, describe: 'How long jobs are issued' })
  .option('sample', { type: 'number', default: 60, describe: 'Seconds between samples of the master' })
  .option('workers', { type: 'number', default: 2, describe: 'Operators issuing jobs at once (each waits for its job)' })
  .option('window', { type: 'number', default: 10, describe: 'Minutes at the end over which the slopes are judged' })
  .option('rss-bound', { type: 'number', default: 1, describe: 'Flat: anonymous RSS slope within this many MiB per minute' })
  .option('fd-bound', { type: 'number', default: 0.5, describe: 'Flat: descriptor slope within this many per minute' })
  .option('dir', { type: 'string', default: '.swarm', describe: 'Swarm folder (keys are reused across runs)' })
  .option('json', { type: 'string', default: '.swarm/soak.json', describe: 'Write the samples, jobs and verdict here' })
  .strict()
  .parseSync();

const log = (s: string) => process.stderr.write(`[soak] ${s}\n`);

/** One sample of the master, with its job cache's size and the jobs finished since the start. */
interface Sample extends ProcStats {
  minute: number;
  jobs: number;
  failed: number;
  /** Bytes the job cache's files take on disk (allocated blocks: LMDB's data file may be sparse). */
  cacheBytes: number;
}

/** Bytes the files of folder `dir` take on disk (0 when it is missing). */
function diskBytes(dir: string): number {
  if (!fs.existsSync(dir)) return 0;
  return fs.readdirSync(dir).reduce((sum, f) => sum + fs.statSync(path.join(dir, f)).blocks * 512, 0);
}

/** Jobs of one kind: how many, how many failed, their CLI wall times in seconds, the first errors. */
interface KindTally {
  jobs: number;
  failed: number;
  missingReturns: number;
  seconds: number[];
  errors: string[];
}

async function main(): Promise<number> {
  const roots = fs.mkdtempSync(path.join(os.tmpdir(), 'brine-soak-roots-'));
  writeSoakTree(roots);
  const cluster = await Cluster.start({ master: { auto_accept: true, timeout: 60, file_roots: { base: [roots] } }, logLevel: 'warning' });
  let died: string | undefined;
  void cluster.master.exited.then((code) => (died = String(code ?? cluster.master.proc.signalCode)));
  const swarm = await startSwarm({ count: a.minions, prefix: 'soak', dir: path.resolve(a.dir), master: '127.0.0.1', retPort: cluster.ports.ret_port, publishPort: cluster.ports.publish_port });
  let stopping = false;
  const stop = () => void (stopping = true);
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    log(`${a.minions} minions starting`);
    await swarm.authenticated();
    log(`${a.minions} minions authenticated; issuing jobs for ${a.minutes} min, ${a.workers} at a time`);
    const cli: RunCli = (name, args) => cluster.run(name, args);
    const names = Object.keys(JOB_KINDS) as JobKindName[];
    const totalWeight = names.reduce((s, k) => s + JOB_KINDS[k].weight, 0);
    // A fixed rotation in proportion to the weights, so every run issues the same mix in the same order.
    const rotation = names.flatMap((k) => Array<JobKindName>(JOB_KINDS[k].weight).fill(k));
    const tallies = Object.fromEntries(names.map((k) => [k, { jobs: 0, failed: 0, missingReturns: 0, seconds: [], errors: [] } as KindTally]));
    let jobs = 0;
    let failed = 0;
    let next = 0;

    const t0 = Date.now();
    const end = t0 + a.minutes * 60000;
    const pid = cluster.master.proc.pid!;
    const cacheDir = path.join(loadMasterConfig(cluster.masterDir).cachedir, 'jobs');
    const samples: Sample[] = [];
    const sample = () => {
      if (died) return;
      const s = { minute: (Date.now() - t0) / 60000, jobs, failed, cacheBytes: diskBytes(cacheDir), ...procStats(pid) };
      samples.push(s);
      log(`minute ${s.minute.toFixed(1)}: RSS ${mib(s.rss)} MiB (anon ${mib(s.rssAnon)}), ${s.fds} fds, job cache ${mib(s.cacheBytes)} MiB, ${jobs} jobs, ${failed} failed`);
    };
    sample();
    const sampler = setInterval(sample, a.sample * 1000);

    const worker = async () => {
      while (!stopping && !died && Date.now() < end) {
        const kind = rotation[next++ % rotation.length];
        const started = Date.now();
        let o: JobOutcome;
        try {
          o = await JOB_KINDS[kind].run(cli, swarm.ids);
        } catch (err) {
          o = { returned: 0, expected: swarm.ids.length, failed: true, error: String(err) };
        }
        const t = tallies[kind];
        t.jobs++;
        t.seconds.push((Date.now() - started) / 1000);
        t.missingReturns += o.expected - o.returned;
        jobs++;
        if (o.failed) {
          t.failed++;
          failed++;
          if (t.errors.length < 5 && o.error) t.errors.push(o.error);
          log(`${kind} failed: ${o.error}`);
        }
      }
    };
    await Promise.all(Array.from({ length: a.workers }, worker));
    clearInterval(sampler);
    sample();

    const M = 2 ** 20;
    const verdict: Trend = trend(
      samples.map((s) => ({ minute: s.minute, rssMiB: s.rss / M, rssAnonMiB: s.rssAnon / M, fds: s.fds, cacheMiB: s.cacheBytes / M })),
      a.window, { rssMiBPerMinute: a['rss-bound'], fdsPerMinute: a['fd-bound'] },
    );
    const minutes = (Date.now() - t0) / 60000;
    const out = [
      `Soak: ${a.minions} minions, ${minutes.toFixed(1)} min, ${jobs} jobs (${(jobs / minutes).toFixed(1)}/min), ${failed} failed${died ? `; THE MASTER DIED (${died})` : ''}.`,
      '',
      '| minute | master RSS (MiB) | anon (MiB) | file-backed (MiB) | open fds | job cache on disk (MiB) | master CPU (s) | jobs done |',
      '|---|---|---|---|---|---|---|---|',
      ...samples.map((s) => `| ${s.minute.toFixed(1)} | ${mib(s.rss)} | ${mib(s.rssAnon)} | ${mib(s.rssFile)} | ${s.fds} | ${mib(s.cacheBytes)} | ${s.cpu.toFixed(1)} | ${s.jobs} |`),
      '',
      '| job | runs | failed | missing returns | CLI wall median (min–max) s |',
      '|---|---|---|---|---|',
      ...names.map((k) => {
        const t = tallies[k];
        const s = summarize(t.seconds);
        return `| ${k} | ${t.jobs} | ${t.failed} | ${t.missingReturns} | ${t.jobs ? `${s.median.toFixed(2)} (${s.min.toFixed(2)}–${s.max.toFixed(2)})` : '-'} |`;
      }),
      '',
      `Slopes over minutes ${verdict.fromMinute.toFixed(1)}–${verdict.toMinute.toFixed(1)} (${verdict.samples} samples): `
        + `anonymous RSS ${verdict.rssAnon.perMinute.toFixed(3)} MiB/min (bound ±${verdict.rssAnon.bound}), fds ${verdict.fds.perMinute.toFixed(3)}/min (bound ±${verdict.fds.bound}); `
        + `not judged: RSS ${verdict.rss.perMinute.toFixed(3)} MiB/min, job cache on disk ${verdict.cacheMiBPerMinute.toFixed(3)} MiB/min.`,
      `Verdict: ${verdict.flat ? 'FLAT' : 'NOT FLAT'}.`,
    ];
    process.stdout.write(out.join('\n') + '\n');
    fs.mkdirSync(path.dirname(path.resolve(a.json)), { recursive: true });
    fs.writeFileSync(a.json, JSON.stringify({ minions: a.minions, minutes, workers: a.workers, weights: Object.fromEntries(names.map((k) => [k, JOB_KINDS[k].weight / totalWeight])), jobs, failed, died, samples, tallies, verdict }, null, 2));
    log(`results written to ${a.json}`);
    return verdict.flat && failed === 0 && !died ? 0 : 1;
  } finally {
    await swarm.stop();
    await cluster.stop();
    fs.rmSync(roots, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`soak failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(2);
  },
);
