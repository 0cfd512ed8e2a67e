/**
 * `npm run bench:pull -- --minions 1000 --cycles 2`: pull mode at fleet
 * scale (issue 14's simulation). A real master serving the example tree
 * (examples/srv) and a swarm of `--minions` minions whose own scheduler runs
 * `state.apply` (the highstate) every `--interval` seconds, in three
 * scenarios, one after the other:
 * - `aligned`: a cron entry every minute, no splay: every minion starts at
 *   the same second, the stampede the source material warns about;
 * - `splay`: the same with `splay: --splay` seconds;
 * - `splay+cap`: the same with a fleet-wide `concurrency_group` limit of
 *   `--cap` (the master hands out slots);
 * - `aligned+cap`: no splay, only the cap.
 * A scenario is `aligned` or `splay`, with `+cap` or not.
 * Each scenario watches `--cycles` cycles after the fleet is up. The figures
 * come from the master's event bus (one in-process subscriber): each
 * scheduled return's jid is the time its run started on the minion, its
 * event's `_stamp` when its return reached the master; and from /proc, the
 * master's CPU per second; in the cap scenarios, the slots the master's
 * governor holds, sampled every 250 ms (a run ends on the minion, releasing
 * its slot, before its return is stored, so runs counted from start to
 * stored return overlap more than the cap allows). Prints a Markdown table
 * (start spread, peak runs at once, slots held, run duration, master CPU
 * mean and peak) and writes raw figures as JSON (`--json FILE`).
 */
import fs from 'node:fs';
import path from 'node:path';
import yargs from 'yargs';
import { connectLocal, loadMasterConfig, type LocalClient } from '@brine/cli/client';
import { jidToTime } from '@brine/core/jid';
import { Cluster } from '../test/integration/helpers/cluster';
import { procStats } from './lib/proc';
import { fmt, summarize, type Summary } from './lib/stats';
import { startSwarm } from './lib/swarm';

const a = yargs(process.argv.slice(2))
  .option('minions', { type: 'number', default: 1000 })
  .option('splay', { type: 'number', default: 30, describe: 'Splay of the splay scenarios (s)' })
  .option('cap', { type: 'number', default: 50, describe: 'concurrency_group limit of the capped scenario' })
  .option('cycles', { type: 'number', default: 2, describe: 'Minutes (cron cycles) watched per scenario' })
  .option('scenarios', { type: 'string', default: 'aligned,splay,splay+cap', describe: 'Comma-separated: aligned, splay, aligned+cap, splay+cap' })
  .option('dir', { type: 'string', default: '.swarm', describe: 'Swarm folder (keys are reused across runs)' })
  .option('json', { type: 'string', describe: 'Write the raw figures to this file' })
  .strict()
  .parseSync();

const REPO = path.resolve(__dirname, '..');
const log = (s: string) => process.stderr.write(`[bench:pull] ${s}\n`);

/** The schedule entry each swarm minion gets in a scenario. */
function scheduleFor(scenario: string): Record<string, unknown> {
  const entry: Record<string, unknown> = { function: 'state.apply', cron: '* * * * *', return_job: true };
  const parts = scenario.split('+');
  if (parts.includes('splay')) entry.splay = a.splay;
  if (parts.includes('cap')) Object.assign(entry, { concurrency_group: 'pull', concurrency_limit: a.cap });
  return { pull: entry };
}

/** One scheduled run seen on the bus. */
interface Run {
  id: string;
  start: number;
  end: number;
  success: boolean;
}

/** Read `salt/job/<jid>/ret/<id>` events of scheduled jobs from `client` until `until` (ms since the epoch). */
async function watch(client: LocalClient, until: number, runs: Run[]): Promise<void> {
  let { cursor } = await client.events({});
  while (Date.now() < until) {
    const page = await client.events({ after: cursor, wait: Math.max(1, Math.min(5000, until - Date.now())) });
    cursor = page.cursor;
    for (const e of page.events) {
      if (!/^salt\/job\/\d{20}\/ret\//.test(e.tag) || e.data.schedule === undefined) continue;
      const stamp = Date.parse(`${String(e.data._stamp)}Z`);
      runs.push({ id: String(e.data.id), start: jidToTime(String(e.data.jid)), end: stamp, success: e.data.success === true });
    }
  }
}

/** The most runs in progress at one time. */
function peakConcurrency(runs: Run[]): number {
  const edges = runs.flatMap((r) => [[r.start, 1], [r.end, -1]] as const).sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  let now = 0;
  let peak = 0;
  for (const [, d] of edges) peak = Math.max(peak, (now += d));
  return peak;
}

/** Figures of one scenario. */
interface ScenarioFigures {
  scenario: string;
  runs: number;
  failed: number;
  /** Seconds from a cycle's minute to each run's start, over all cycles. */
  startOffset: Summary;
  /** The start spread of the middle 90% of a cycle's runs (p95 - p5 offsets), in seconds. */
  spread90: number;
  peakConcurrent: number;
  /** The most slots of the group held at once, sampled from the master every 250 ms (cap scenarios; else NaN). */
  peakSlots: number;
  duration: Summary;
  masterCpuMean: number;
  masterCpuPeak: number;
  startsPerSecondPeak: number;
}

async function scenario(name: string): Promise<ScenarioFigures> {
  log(`${name}: starting a master and ${a.minions} minions`);
  const cluster = await Cluster.start({
    master: {
      auto_accept: true, timeout: 30,
      file_roots: { base: [path.join(REPO, 'examples/srv/salt')] }, pillar_roots: { base: [path.join(REPO, 'examples/srv/pillar')] },
    },
    logLevel: 'warning',
  });
  const swarm = await startSwarm({
    count: a.minions, prefix: 'bench', dir: path.resolve(a.dir), master: '127.0.0.1', retPort: cluster.ports.ret_port,
    publishPort: cluster.ports.publish_port, perProcess: Math.ceil(a.minions / 2), config: { schedule: scheduleFor(name) },
  });
  const client = connectLocal(loadMasterConfig(cluster.masterDir), 30000);
  try {
    await swarm.authenticated();
    // Watch whole cycles: from the next minute on, for `cycles` minutes, plus time for the last runs to return.
    const firstMinute = Math.ceil(Date.now() / 60000) * 60000;
    const until = firstMinute + a.cycles * 60000 + 55000;
    log(`${name}: fleet up; watching until ${new Date(until).toISOString()}`);
    const runs: Run[] = [];
    const cpu: number[] = [];
    const pid = cluster.master.proc.pid!;
    let last = procStats(pid).cpu;
    const sampler = setInterval(() => {
      const now = procStats(pid).cpu;
      cpu.push(now - last);
      last = now;
    }, 1000);
    let peakSlots = name.split('+').includes('cap') ? 0 : NaN;
    const slotSampler = Number.isNaN(peakSlots) ? undefined : setInterval(() => {
      void client.governor_status({}).then((s) => (peakSlots = Math.max(peakSlots, s.pull?.holders.length ?? 0)), () => undefined);
    }, 250);
    try {
      await watch(client, until, runs);
    } finally {
      clearInterval(sampler);
      clearInterval(slotSampler);
    }
    const counted = runs.filter((r) => r.start >= firstMinute && r.start < firstMinute + a.cycles * 60000);
    const offsets = counted.map((r) => ((r.start - firstMinute) % 60000) / 1000);
    const sorted = [...offsets].sort((x, y) => x - y);
    const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
    const perSecond = new Map<number, number>();
    for (const r of counted) perSecond.set(Math.floor(r.start / 1000), (perSecond.get(Math.floor(r.start / 1000)) ?? 0) + 1);
    return {
      scenario: name, runs: counted.length, failed: counted.filter((r) => !r.success).length,
      startOffset: summarize(offsets), spread90: pct(0.95) - pct(0.05), peakConcurrent: peakConcurrency(counted), peakSlots,
      duration: summarize(counted.map((r) => (r.end - r.start) / 1000)),
      masterCpuMean: cpu.reduce((s, x) => s + x, 0) / Math.max(cpu.length, 1), masterCpuPeak: Math.max(...cpu),
      startsPerSecondPeak: Math.max(0, ...perSecond.values()),
    };
  } finally {
    client.close();
    await swarm.stop();
    await cluster.stop();
  }
}

async function main(): Promise<void> {
  const figures: ScenarioFigures[] = [];
  for (const name of a.scenarios.split(',')) figures.push(await scenario(name));
  process.stdout.write(
    `\n${a.minions} minions, \`state.apply\` every minute (cron), ${a.cycles} cycles each:\n\n` +
    '| scenario | runs | failed | start offset in the minute (s), median (min–max) | spread of middle 90% (s) | most starts in one second | peak runs at once (start to return stored) | most slots held (sampled) | run duration (s), median (min–max) | master CPU, mean / peak (cores) |\n' +
    '|---|---|---|---|---|---|---|---|---|---|\n' +
    figures.map((f) => `| ${f.scenario} | ${f.runs} | ${f.failed} | ${fmt(f.startOffset, 1)} | ${f.spread90.toFixed(1)} | ${f.startsPerSecondPeak} | ${f.peakConcurrent} | ${Number.isNaN(f.peakSlots) ? '–' : f.peakSlots} | ${fmt(f.duration, 2)} | ${f.masterCpuMean.toFixed(2)} / ${f.masterCpuPeak.toFixed(2)} |`).join('\n') + '\n',
  );
  if (a.json) fs.writeFileSync(a.json, JSON.stringify(figures, null, 2));
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:pull failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
