/**
 * `npm run bench -- --minions 1,100,1000,5000 --runs 5`: brine's figures at
 * each fleet size, against a real master and a minion swarm on 127.0.0.1.
 * For each N it measures:
 * - authentication of N fresh minions, with auto_accept and with `salt-key -A -y`;
 * - wall time of the whole `salt '*' test.ping` and `salt '*' cmd.run 'echo hi'`
 *   CLI processes, and publication to last return from the job cache's stamps;
 * - master RSS and CPU time, and the swarm's memory per minion;
 * - an auth storm: one key deleted (the session key rotates, every other
 *   minion re-authenticates within random_reauth_delay, 5 s in the swarm),
 *   then `salt '*' test.ping` at once: its wall time and missing returns.
 * Then job throughput (200 async test.ping jobs to 100 minions), `state.apply`
 * of a 20-state SLS on 100 minions (first run and the no-change rerun), and
 * job cache reads (list_jobs, lookup_jid) at 100,000 returns. Prints a Markdown table
 * and writes the raw figures as JSON (`--json FILE`). Medians over `--runs`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yargs from 'yargs';
import { JobCache } from '@brine/master/job-cache';
import { connectLocal, loadMasterConfig } from '@brine/cli/client';
import { Cluster } from '../test/integration/helpers/cluster';
import { procStats } from './lib/proc';
import { fmt, summarize, type Summary } from './lib/stats';
import { startSwarm, type Swarm } from './lib/swarm';

const a = yargs(process.argv.slice(2))
  .option('minions', { type: 'string', default: '1,100,1000,5000', describe: 'Comma-separated fleet sizes' })
  .option('runs', { type: 'number', default: 5, describe: 'Repetitions of each timed command' })
  .option('throughput-jobs', { type: 'number', default: 200 })
  .option('throughput-minions', { type: 'number', default: 100 })
  .option('cache-returns', { type: 'number', default: 100000, describe: 'Returns in the job cache for the read test' })
  .option('state-minions', { type: 'number', default: 100, describe: 'Minions for the state.apply measurement (0 skips it)' })
  .option('sls-renderer', { type: 'string', default: 'handlebars|yaml', describe: "Renderer pipe of the state.apply SLS, as its shebang line (it reads the same in Handlebars and Jinja)" })
  .option('per-process', { type: 'number', default: 1000 })
  .option('dir', { type: 'string', default: '.swarm', describe: 'Swarm folder (keys are reused across runs)' })
  .option('json', { type: 'string', describe: 'Write the raw figures to this file' })
  .option('master-config', { type: 'string', default: '{}', describe: 'Extra master config keys for every master, as JSON (e.g. \'{"event_log": false}\')' })
  .strict()
  .parseSync();

const sizes = a.minions.split(',').map(Number);
const swarmDir = path.resolve(a.dir);
const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
const log = (s: string) => process.stderr.write(`[bench] ${s}\n`);

/** Time N fresh-ish minions (keys reused from the swarm folder) authenticating against a new master. */
async function authRun(n: number, autoAccept: boolean, master: Record<string, unknown> = {}, perProcess = a['per-process']): Promise<{ cluster: Cluster; swarm: Swarm; seconds: number }> {
  const extra = JSON.parse(a['master-config']) as Record<string, unknown>;
  const cluster = await Cluster.start({ master: { auto_accept: autoAccept, timeout: 30, ...extra, ...master }, logLevel: 'warning' });
  const t0 = process.hrtime.bigint();
  const swarm = await startSwarm({ count: n, prefix: 'bench', dir: swarmDir, master: '127.0.0.1', retPort: cluster.ports.ret_port, publishPort: cluster.ports.publish_port, perProcess });
  let t1 = t0;
  if (!autoAccept) {
    const pre = path.join(loadMasterConfig(cluster.masterDir).pki_dir, 'minions_pre');
    while (fs.readdirSync(pre).length < n) await new Promise((r) => setTimeout(r, 50));
    t1 = process.hrtime.bigint();
    const r = await cluster.run('salt-key', ['-A', '-y']);
    if (r.code !== 0) throw new Error(`salt-key -A failed: ${r.stderr}`);
  }
  await swarm.authenticated();
  return { cluster, swarm, seconds: ms(t1) / 1000 };
}

interface SizeFigures {
  n: number;
  authAuto: number;
  authSaltKey: number;
  pingWall: Summary;
  pingPublishToLast: Summary;
  cmdWall: Summary;
  cmdPublishToLast: Summary;
  pingMissing: number;
  stormWall: number;
  stormMissing: number;
  masterRssMB: number;
  masterCpuS: number;
  swarmKBPerMinion: number;
}

/** Run `salt '*' ARGS` `runs` times; wall seconds, and publish-to-last-return seconds from the job cache. */
async function timeJob(cluster: Cluster, args: string[], n: number): Promise<{ wall: Summary; toLast: Summary; missing: number }> {
  const walls: number[] = [];
  const toLast: number[] = [];
  let missing = 0;
  for (let i = 0; i < a.runs; i++) {
    const t0 = process.hrtime.bigint();
    const r = await cluster.run('salt', ['*', ...args, '--show-jid', '--out', 'txt']);
    walls.push(ms(t0) / 1000);
    const jid = /^jid: (\d{20})$/m.exec(r.stdout)?.[1];
    if (!jid) throw new Error(`no jid from salt ${args.join(' ')}: ${r.stdout}${r.stderr}`);
    const load = (await cluster.job(jid))!;
    const rets = [...(await cluster.jobReturns(jid)).values()];
    missing += n - rets.length;
    if (rets.length) toLast.push((Math.max(...rets.map((x) => x.stamp)) - load.started) / 1000);
  }
  return { wall: summarize(walls), toLast: summarize(toLast), missing };
}

/** Delete one key (rotating the session key), then time a test.ping to the others while they re-authenticate. */
async function authStorm(cluster: Cluster, swarm: Swarm): Promise<{ wall: number; missing: number }> {
  const del = await cluster.run('salt-key', ['-d', swarm.ids[0], '-y']);
  if (del.code !== 0) throw new Error(`salt-key -d failed: ${del.stderr}`);
  const t0 = process.hrtime.bigint();
  const r = await cluster.run('salt', ['*', 'test.ping', '--out', 'txt', '-t', '30']);
  const answered = new Set(r.stdout.split('\n').filter((l) => l.endsWith(': True')).map((l) => l.slice(0, -': True'.length)));
  // The deleted minion may answer too: under auto_accept it is accepted again when it re-authenticates.
  return { wall: ms(t0) / 1000, missing: swarm.ids.slice(1).filter((id) => !answered.has(id)).length };
}

async function measureSize(n: number): Promise<SizeFigures> {
  log(`N=${n}: authentication with auto_accept`);
  const auto = await authRun(n, true);
  const { cluster, swarm } = auto;
  let figures: SizeFigures;
  try {
    log(`N=${n}: test.ping and cmd.run x${a.runs}`);
    const ping = await timeJob(cluster, ['test.ping'], n);
    const cmd = await timeJob(cluster, ['cmd.run', 'echo hi'], n);
    const master = procStats(cluster.master.proc.pid!);
    const swarmRss = await swarm.memory();
    log(`N=${n}: auth storm after a session key rotation`);
    const storm = await authStorm(cluster, swarm);
    figures = {
      n, authAuto: auto.seconds, authSaltKey: NaN,
      pingWall: ping.wall, pingPublishToLast: ping.toLast, cmdWall: cmd.wall, cmdPublishToLast: cmd.toLast, pingMissing: ping.missing + cmd.missing,
      stormWall: storm.wall, stormMissing: storm.missing,
      masterRssMB: master.rss / 2 ** 20, masterCpuS: master.cpu, swarmKBPerMinion: swarmRss / n / 1024,
    };
  } finally {
    await swarm.stop();
    await cluster.stop();
  }
  log(`N=${n}: authentication with salt-key -A -y`);
  // Every swarm key is pending at once before salt-key -A: the cap on pending keys must hold them all.
  const manual = await authRun(n, false, { max_minions_pre: n });
  figures.authSaltKey = manual.seconds;
  await manual.swarm.stop();
  await manual.cluster.stop();
  return figures;
}

/**
 * 200 async test.ping jobs to 100 minions (two swarm processes), until every
 * return is in the job cache; also the master's CPU time per stored return,
 * which bounds what the master alone could ingest.
 */
async function throughput(): Promise<{ jobsPerS: number; returnsPerS: number; seconds: number; masterCpuPerReturnUs: number }> {
  const n = a['throughput-minions'];
  const jobs = a['throughput-jobs'];
  log(`throughput: ${jobs} jobs to ${n} minions`);
  const { cluster, swarm } = await authRun(n, true, {}, Math.ceil(n / 2));
  try {
    const config = loadMasterConfig(cluster.masterDir);
    const cpu0 = procStats(cluster.master.proc.pid!).cpu;
    const client = connectLocal(config);
    const t0 = process.hrtime.bigint();
    // All publications in flight at once, as many `salt --async` users would send them.
    const published = await Promise.all(Array.from({ length: jobs }, () => client.publish({ tgt: '*', tgt_type: 'glob', fun: 'test.ping', arg: [], kwarg: {}, user: 'bench' })));
    const jids = published.map((p) => p.jid!);
    const want = jobs * n;
    let got = 0;
    // Read through the master as the CLI does, but lightly (only new returns, of unfinished jobs) so the
    // reading does not weigh on the master CPU measured here.
    const pending = new Map(jids.map((j) => [j, { cursor: undefined as string | undefined, count: 0 }]));
    for (; got < want && ms(t0) < 120000; await new Promise((r) => setTimeout(r, 100))) {
      for (const [jid, p] of pending) {
        const next = await client.job_returns({ jid, ...(p.cursor === undefined ? {} : { after: p.cursor }) });
        p.cursor = next.cursor;
        p.count += next.returns.length;
        got += next.returns.length;
        if (p.count >= n) pending.delete(jid);
      }
    }
    const seconds = ms(t0) / 1000;
    client.close();
    const masterCpuPerReturnUs = ((procStats(cluster.master.proc.pid!).cpu - cpu0) / Math.max(got, 1)) * 1e6;
    return { jobsPerS: jobs / seconds, returnsPerS: got / seconds, seconds, masterCpuPerReturnUs };
  } finally {
    await swarm.stop();
    await cluster.stop();
  }
}

/** The benchmark SLS: one directory and 19 managed files under each minion's own root_dir, rendered by `--sls-renderer`. */
function benchSls(): string {
  const files = Array.from({ length: 19 }, (_, i) => `bench_file_${i}:\n  file.managed:\n    - name: {{opts.root_dir}}/bench/file-${i}.conf\n    - contents: "setting ${i} for {{grains.id}}"\n    - require:\n      - file: bench_dir\n`);
  return [`#!${a['sls-renderer']}\nbench_dir:\n  file.directory:\n    - name: {{opts.root_dir}}/bench\n    - makedirs: True\n`, ...files].join('\n');
}

/** `state.apply bench` (20 states) on `state-minions` minions: CLI wall time of the first run and of the rerun with no changes. */
async function stateApply(): Promise<{ minions: number; first: Summary; rerun: Summary; failed: number }> {
  const n = a['state-minions'];
  log(`state.apply of a 20-state SLS on ${n} minions`);
  const roots = fs.mkdtempSync(path.join(os.tmpdir(), 'brine-bench-states-'));
  fs.writeFileSync(path.join(roots, 'bench.sls'), benchSls());
  const { cluster, swarm } = await authRun(n, true, { file_roots: { base: [roots] } });
  try {
    const first: number[] = [];
    const rerun: number[] = [];
    let failed = 0;
    for (let i = 0; i < a.runs; i++) {
      for (const [samples, clean] of [[first, true], [rerun, false]] as const) {
        if (clean) for (const id of swarm.ids) fs.rmSync(path.join(swarmDir, id, 'bench'), { recursive: true, force: true });
        const t0 = process.hrtime.bigint();
        const r = await cluster.run('salt', ['*', 'state.apply', 'bench', '--out', 'txt', '-t', '60']);
        samples.push(ms(t0) / 1000);
        if (r.code !== 0) failed++;
      }
    }
    return { minions: n, first: summarize(first), rerun: summarize(rerun), failed };
  } finally {
    await swarm.stop();
    await cluster.stop();
    fs.rmSync(roots, { recursive: true, force: true });
  }
}

/** list_jobs and lookup_jid on a job cache holding `cache-returns` returns (written directly, 1,000 per job). */
async function cacheReads(): Promise<{ returns: number; listJobsMs: Summary; lookupMs: Summary; writeS: number }> {
  const total = a['cache-returns'];
  const per = Math.min(1000, total);
  log(`job cache reads at ${total} returns`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'brine-cache-bench-'));
  try {
    const cache = JobCache.open(dir);
    const ids = Array.from({ length: per }, (_, i) => `minion-${i}`);
    const jids: string[] = [];
    const t0 = process.hrtime.bigint();
    for (let j = 0; j < total / per; j++) {
      const jid = `2026010100${String(j).padStart(10, '0')}`;
      jids.push(jid);
      await cache.saveLoad({ jid, tgt: '*', tgt_type: 'glob', fun: 'test.ping', arg: [], kwarg: {}, user: 'bench', started: Date.now(), minions: ids });
      await Promise.all(ids.map((id) => cache.saveReturn({ jid, id, fun: 'test.ping', fun_args: [], return: true, retcode: 0, success: true, started: 0, finished: 0, stamp: Date.now() })));
    }
    const writeS = ms(t0) / 1000;
    await cache.close();
    const reader = JobCache.open(dir);
    const list: number[] = [];
    const lookup: number[] = [];
    for (let i = 0; i < a.runs; i++) {
      let t = process.hrtime.bigint();
      reader.listJobs();
      list.push(ms(t));
      t = process.hrtime.bigint();
      reader.returns(jids[Math.floor(jids.length / 2)]);
      lookup.push(ms(t));
    }
    await reader.close();
    return { returns: total, listJobsMs: summarize(list), lookupMs: summarize(lookup), writeS };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const machine = `${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
  const sizesOut: SizeFigures[] = [];
  for (const n of sizes) sizesOut.push(await measureSize(n));
  const tp = await throughput();
  const states = a['state-minions'] > 0 ? await stateApply() : undefined;
  const reads = await cacheReads();
  const lines = [
    `Machine: ${machine}`,
    `Command: npm run bench -- ${process.argv.slice(2).join(' ')}`,
    '',
    '| N | auth, auto_accept (s) | auth, salt-key -A (s) | `test.ping` CLI wall (s) | publish→last return (s) | `cmd.run` CLI wall (s) | publish→last return (s) | missing returns | ping during auth storm (s) | missing in storm | master RSS (MB) | master CPU (s) | swarm KB/minion |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...sizesOut.map((f) =>
      `| ${f.n} | ${f.authAuto.toFixed(2)} | ${f.authSaltKey.toFixed(2)} | ${fmt(f.pingWall)} | ${fmt(f.pingPublishToLast)} | ${fmt(f.cmdWall)} | ${fmt(f.cmdPublishToLast)} | ${f.pingMissing} | ${f.stormWall.toFixed(2)} | ${f.stormMissing} | ${f.masterRssMB.toFixed(0)} | ${f.masterCpuS.toFixed(1)} | ${f.swarmKBPerMinion.toFixed(0)} |`,
    ),
    '',
    `Throughput: ${a['throughput-jobs']} async test.ping jobs to ${a['throughput-minions']} minions in ${tp.seconds.toFixed(2)} s: ${tp.jobsPerS.toFixed(0)} jobs/s, ${tp.returnsPerS.toFixed(0)} returns/s; the master spent ${tp.masterCpuPerReturnUs.toFixed(0)} µs of CPU per return (publishing included), i.e. ~${(1e6 / tp.masterCpuPerReturnUs).toFixed(0)} returns/s per core of its own.`,
    ...(states ? [`state.apply of a 20-state SLS (${a['sls-renderer']}) on ${states.minions} minions, CLI wall: first run ${fmt(states.first)} s, rerun with no changes ${fmt(states.rerun)} s (${states.failed} runs with a non-zero exit).`] : []),
    `Job cache at ${reads.returns} returns (written in ${reads.writeS.toFixed(1)} s): list_jobs ${fmt(reads.listJobsMs, 2)} ms, lookup_jid ${fmt(reads.lookupMs, 2)} ms.`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
  if (a.json) fs.writeFileSync(a.json, JSON.stringify({ machine, sizes: sizesOut, throughput: tp, stateApply: states, cacheReads: reads }, null, 2));
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
