/**
 * `npm run fuzz -- --frames 1000000 --seed 1`: bounded random and mutated
 * frames against a real master (and two real, accepted minions): the
 * request port and the local client socket through zeromq, the publish port
 * through SUB, XSUB and DEALER sockets, and both ports over raw TCP
 * (scripts/lib/fuzz/kinds.ts lists every kind). Every `--ping-every`
 * frames, `test.ping` to every minion through the master must answer within
 * `--ping-bound` ms. Prints a summary table (`--json FILE` writes the full
 * report) and exits 1 when the master died, a ping was late or unanswered,
 * or the master does not answer at the end. The same `--seed` sends the
 * same sequence of frames (keys and jids are the run's own).
 */
import fs from 'node:fs';
import yargs from 'yargs';
import { FUZZ_DEFAULTS, runFuzz } from './lib/fuzz/run';
import { KIND_NAMES, KINDS, type KindName } from './lib/fuzz/kinds';
import { formatReport } from './lib/fuzz/report';

const d = FUZZ_DEFAULTS;
const a = yargs(process.argv.slice(2))
  .usage('npm run fuzz -- [--frames N] [--seed S] [--duration SECONDS] [--kinds kind[=weight],...]')
  .option('frames', { type: 'number', default: 20000, describe: 'Frames to send' })
  .option('seed', { type: 'number', default: 1, describe: 'Seed of the random stream (the same seed, the same frames)' })
  .option('duration', { type: 'number', describe: 'Stop after this many seconds even if fewer frames were sent' })
  .option('kinds', { type: 'string', describe: `Comma-separated kinds, each with an optional =weight (default: all): ${KIND_NAMES.join(', ')}` })
  .option('ping-every', { type: 'number', default: d.pingEvery, describe: 'Frames between liveness pings' })
  .option('ping-bound', { type: 'number', default: d.pingBoundMs, describe: 'Milliseconds within which every ping must be answered' })
  .option('ping-timeout', { type: 'number', default: d.pingTimeoutMs, describe: 'Milliseconds after which a ping counts as unanswered' })
  .option('minions', { type: 'number', default: d.minions, describe: 'Real minions (sealed frames impersonate the first)' })
  .option('max-bytes', { type: 'number', default: d.maxBytes, describe: 'Largest frame built, in bytes (the rare oversize frame aside)' })
  .option('max-topic', { type: 'number', default: d.maxTopic, describe: 'Largest subscription topic, in bytes' })
  .option('window', { type: 'number', default: d.window, describe: 'Frames awaiting a reply per zeromq socket' })
  .option('publish-slots', { type: 'number', default: d.publishSlots, describe: 'SUB, XSUB and DEALER sockets (each) on the publish port' })
  .option('max-subscriptions', { type: 'number', default: d.maxSubscriptions, describe: 'Subscriptions one publish-port socket holds at most' })
  .option('tcp-concurrency', { type: 'number', default: d.tcpConcurrency, describe: 'Raw TCP connections at once' })
  .option('tcp-held', { type: 'number', default: d.tcpHeld, describe: 'Half-open (slowloris) connections held at most' })
  .option('tcp-linger', { type: 'number', default: d.tcpLingerMs, describe: 'Milliseconds a raw connection waits for the master to close it' })
  .option('auth-pool', { type: 'number', default: d.authPool, describe: 'Ids well-formed auth frames use (bounds the pending keys filed)' })
  .option('json', { type: 'string', describe: 'Write the full report to this file' })
  .option('list', { type: 'boolean', default: false, describe: 'List the kinds and their default weights, then exit' })
  .strict()
  .parseSync();

/** The weights of `--kinds` (`a,b=2`), or every kind's default. @throws Error naming an unknown kind */
function weights(spec: string | undefined): Partial<Record<KindName, number>> {
  if (!spec) return Object.fromEntries(KIND_NAMES.map((k) => [k, KINDS[k].weight]));
  return Object.fromEntries(
    spec.split(',').map((item) => {
      const [name, w] = item.split('=');
      if (!(KIND_NAMES as string[]).includes(name)) throw new Error(`unknown kind ${JSON.stringify(name)}; --list shows them`);
      return [name, w === undefined ? KINDS[name as KindName].weight : Number(w)];
    }),
  );
}

async function main(): Promise<number> {
  if (a.list) {
    for (const k of KIND_NAMES) process.stdout.write(`${k.padEnd(16)} ${String(KINDS[k].weight).padStart(6)}  ${KINDS[k].doc}\n`);
    return 0;
  }
  let stop: () => void = () => undefined;
  const abort = new Promise<void>((r) => (stop = r));
  process.once('SIGINT', () => stop());
  process.once('SIGTERM', () => stop());
  const report = await runFuzz({
    ...FUZZ_DEFAULTS,
    frames: a.frames, seed: a.seed, ...(a.duration === undefined ? {} : { durationS: a.duration }), weights: weights(a.kinds),
    pingEvery: a['ping-every'], pingBoundMs: a['ping-bound'], pingTimeoutMs: a['ping-timeout'], minions: a.minions,
    maxBytes: a['max-bytes'], maxTopic: a['max-topic'], window: a.window, publishSlots: a['publish-slots'], maxSubscriptions: a['max-subscriptions'],
    tcpConcurrency: a['tcp-concurrency'], tcpHeld: a['tcp-held'], tcpLingerMs: a['tcp-linger'], authPool: a['auth-pool'],
    progress: (line) => process.stderr.write(`[fuzz] ${line}\n`), abort,
  });
  process.stdout.write(formatReport(report) + '\n');
  if (a.json) fs.writeFileSync(a.json, JSON.stringify(report, null, 2));
  return report.ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`fuzz failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(2);
  },
);
