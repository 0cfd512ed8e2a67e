/**
 * One fuzzing run against a real master: start a cluster (a master and real,
 * accepted minions, with a small file_roots), learn what frames may refer to
 * (a minion's keys, jids of published jobs, the root key), then draw frames
 * from the seeded stream and send each to its place, pinging the minions
 * through the master every `pingEvery` frames. Stops after `frames` frames,
 * `durationS` seconds, an abort, or the master's death; then pings once
 * more, measures the master again and stops everything it started (the
 * folder is kept when the master died, for its log).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connectLocal, loadMasterConfig, type LocalClient } from '@brine/cli/client';
import { loadOrCreateKeys, parsePublicKeys, sharedKey } from '@brine/core/crypto/keys';
import { consoleLogger } from '@brine/core/log';
import { REQUEST_PORT } from '@brine/core/protocol/v1/runtime';
import { RequestClient } from '@brine/core/transport/request-client';
import { rootKeyPath } from '@brine/core/local-client-files';
import { authenticateOnce } from '@brine/minion/auth';
import { Cluster } from '../../../test/integration/helpers/cluster';
import { procStats, type ProcStats } from '../proc';
import { summarize } from '../stats';
import { KINDS, type Frame, type GenContext, type KindName, type Place } from './kinds';
import { ping, type PingResult } from './liveness';
import { PublishSink } from './publish-sink';
import { Rng } from './random';
import { classifyReply, classifySealed } from './replies';
import { Tally } from './tally';
import { TcpSink } from './tcp-sink';
import { ZmqSink } from './zmq-sink';

/** Options of {@link runFuzz}; sizes in bytes, times in milliseconds unless named otherwise. */
export interface FuzzOptions {
  frames: number;
  seed: number;
  /** Stop after this many seconds even if fewer frames were sent. */
  durationS?: number;
  /** The kinds to send and their weights (default: every kind at its default weight). */
  weights: Partial<Record<KindName, number>>;
  pingEvery: number;
  /** A ping slower than this is late: the run fails. */
  pingBoundMs: number;
  /** A ping with no answer after this long is unanswered. */
  pingTimeoutMs: number;
  /** Real minions (1 or more; sealed frames impersonate the first). */
  minions: number;
  maxBytes: number;
  maxTopic: number;
  /** Frames awaiting a reply per zeromq socket. */
  window: number;
  publishSlots: number;
  maxSubscriptions: number;
  tcpConcurrency: number;
  tcpHeld: number;
  tcpLingerMs: number;
  /** Well-formed `auth` frames use this many ids (so at most this many pending keys). */
  authPool: number;
  /** Called with progress lines. */
  progress?: (line: string) => void;
  /** Resolves when the run should stop early (Ctrl-C). */
  abort?: Promise<void>;
}

/** The defaults of {@link FuzzOptions}. */
export const FUZZ_DEFAULTS: Omit<FuzzOptions, 'frames' | 'seed' | 'weights'> = {
  pingEvery: 1000, pingBoundMs: 1000, pingTimeoutMs: 30000, minions: 2, maxBytes: 64 * 1024, maxTopic: 256, window: 16,
  publishSlots: 4, maxSubscriptions: 64, tcpConcurrency: 16, tcpHeld: 32, tcpLingerMs: 20, authPool: 200,
};

/** A frame sent, as kept for the report when the master dies: its index, kind and first bytes. */
export interface RecentFrame {
  index: number;
  kind: KindName;
  bytes: number;
  head: string;
}

/** What a run found. Memory in bytes, times in milliseconds unless named otherwise. */
export interface FuzzReport {
  seed: number;
  frames: number;
  seconds: number;
  byKind: Record<string, { frames: number; outcomes: Record<string, number>; samples: Record<string, string[]> }>;
  /** Frames sent to each place: the request port, the local client socket, the publish port, raw TCP to either port. */
  byPlace: Partial<Record<Place, number>>;
  crashed: boolean;
  /** The master's exit code or signal, when it died. */
  masterExit?: string;
  pings: { count: number; late: number; unanswered: number; maxMs: number; medianMs: number; bound: number; failures: PingResult[] };
  finalPing?: PingResult;
  master: { before: ProcStats; after?: ProcStats };
  logBytes: { file: number; console: number };
  keys: { pending: number; denied: number };
  /** The cluster's folder, kept when the master died. */
  kept?: string;
  /** The last frames sent before the master died. */
  recent?: RecentFrame[];
  ok: boolean;
}

/** Recent frames kept for a crash report. */
const RECENT = 64;

/** The bytes a frame carries, for the crash report. */
function bytesOf(f: Frame): Buffer {
  if ('payload' in f) return f.payload;
  if ('action' in f && f.action !== 'send') return f.topic;
  return Buffer.concat(f.parts);
}

/** Size of a file, 0 when absent. */
function sizeOf(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

/** A small file_roots for the file server frames: a top file, a state, a file, a nested file. */
function makeFileRoots(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'brine-fuzz-roots-'));
  fs.mkdirSync(path.join(dir, 'sub'));
  fs.writeFileSync(path.join(dir, 'top.sls'), "base:\n  '*':\n    - web\n");
  fs.writeFileSync(path.join(dir, 'web.sls'), 'hello:\n  test.succeed_without_changes: []\n');
  fs.writeFileSync(path.join(dir, 'motd.txt'), 'hello\n'.repeat(1000));
  fs.writeFileSync(path.join(dir, 'sub', 'deep.txt'), 'x');
  return dir;
}

/**
 * Authenticate once as minion `id` with its real keys, as a second session beside the running minion's, so that
 * sealed frames carry a ticket the master holds (tickets.ts keeps several per minion).
 * @returns the session ticket the master granted
 * @throws Error when the master does not accept the key
 */
async function authenticateAs(retPort: number, id: string, pkiDir: string): Promise<Uint8Array> {
  const log = consoleLogger('quiet');
  const client = new RequestClient(`tcp://127.0.0.1:${retPort}`, { log });
  try {
    const auth = await authenticateOnce({ id, keys: loadOrCreateKeys(pkiDir, 'minion'), pkiDir, requestPort: client.channel(REQUEST_PORT), log, timeout: 10, masterFinger: '' });
    if (auth.status !== 'accepted') throw new Error(`${id} not accepted: ${auth.status}`);
    return auth.session.ticket;
  } finally {
    client.close();
  }
}

/**
 * Run the fuzzer.
 * @returns the report; `ok` is false when the master died, a ping was late or unanswered, or the final ping failed
 * @throws Error when the cluster cannot be started (before any frame is sent)
 */
export async function runFuzz(o: FuzzOptions): Promise<FuzzReport> {
  const say = o.progress ?? (() => undefined);
  const roots = makeFileRoots();
  const cluster = await Cluster.start({ master: { file_roots: { base: [roots] }, timeout: 10 } });
  let client: LocalClient | undefined;
  let crashed = false;
  let masterExit: string | undefined;
  const sinks: { close(): unknown }[] = [];
  try {
    const ids = Array.from({ length: Math.max(1, o.minions) }, (_, i) => `minion${i + 1}`);
    for (const id of ids) cluster.startMinion(id);
    await cluster.acceptAll(ids);
    const config = loadMasterConfig(cluster.masterDir);
    client = connectLocal(config, o.pingTimeoutMs);
    const masterPub = parsePublicKeys(fs.readFileSync(path.join(config.pki_dir, 'master.pub'), 'utf8'));
    const pkiDir = (id: string) => path.join(cluster.minionDir(id), 'etc', 'salt', 'pki', 'minion');
    const shared = ids.map((id) => sharedKey(loadOrCreateKeys(pkiDir(id), 'minion'), masterPub.box));
    const ticket = await authenticateAs(cluster.ports.ret_port, ids[0], pkiDir(ids[0]));

    // Jobs for sealed returns to refer to; they also show the cluster answers before fuzzing starts.
    const jids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const p = await ping(client, o.pingTimeoutMs);
      if (!p.answered || !p.jid) throw new Error(`the cluster does not answer test.ping before fuzzing: ${JSON.stringify(p)}`);
      jids.push(p.jid);
    }
    // Frozen: a template that handed out one of these lists without copying it would make the mutations throw, not drift.
    const ctx: GenContext = {
      minions: Object.freeze(ids), authPool: Object.freeze(Array.from({ length: o.authPool }, (_, i) => `fuzz-${i}`)),
      jids: Object.freeze(jids), files: Object.freeze(['salt://top.sls', 'salt://web.sls', 'salt://motd.txt', 'sub/deep.txt']),
      maxBytes: o.maxBytes, maxTopic: o.maxTopic, shared: shared[0], otherShared: shared[1] ?? new Uint8Array(32), ticket, seq: { last: 0 }, rootKey: fs.readFileSync(rootKeyPath(config.cachedir), 'utf8').trim(),
      publishSlots: o.publishSlots,
    };

    const requestEndpoint = `tcp://127.0.0.1:${cluster.ports.ret_port}`;
    const localEndpoint = `ipc://${path.join(config.sock_dir, 'master_client.ipc')}`;
    const zmqSinks = new Map<KindName, ZmqSink>();
    const publish = new PublishSink({ endpoint: `tcp://127.0.0.1:${cluster.ports.publish_port}`, slots: o.publishSlots, maxSubscriptions: o.maxSubscriptions });
    const tcp = new TcpSink({ host: '127.0.0.1', ports: { 'tcp-request': cluster.ports.ret_port, 'tcp-publish': cluster.ports.publish_port }, concurrency: o.tcpConcurrency, maxHeld: o.tcpHeld, lingerMs: o.tcpLingerMs });
    sinks.push(publish, tcp);
    const zmqSink = (kind: KindName, place: 'request' | 'local'): ZmqSink => {
      let s = zmqSinks.get(kind);
      if (!s) {
        s = new ZmqSink({ endpoint: place === 'request' ? requestEndpoint : localEndpoint, window: o.window, replyTimeoutMs: 5000, classify: kind === 'sealed' ? classifySealed(ctx.shared) : classifyReply });
        zmqSinks.set(kind, s);
      }
      return s;
    };

    const master = cluster.master;
    void master.exited.then((code) => {
      crashed = true;
      masterExit = String(code ?? master.proc.signalCode);
    });
    let consoleBytes = 0;
    let consoleTail = '';
    const drainConsole = () => {
      consoleBytes += master.output.length;
      consoleTail = (consoleTail + master.output).slice(-4096);
      master.output = '';
      for (const m of cluster.minions.values()) m.output = m.output.slice(-4096);
    };
    drainConsole();
    const logFile = config.log_file;
    const logBefore = sizeOf(logFile);
    const before = procStats(master.proc.pid!);

    const rng = new Rng(o.seed);
    const weights = Object.fromEntries(Object.entries(o.weights).filter(([, w]) => (w ?? 0) > 0)) as Record<KindName, number>;
    const perKind = new Map<KindName, number>();
    const byPlace: FuzzReport['byPlace'] = {};
    const tallies = new Map<KindName, Tally>();
    const tallyOf = (kind: KindName): Tally => {
      let t = tallies.get(kind);
      if (!t) tallies.set(kind, (t = new Tally()));
      return t;
    };
    const recent: RecentFrame[] = [];
    const pings: PingResult[] = [];
    let pending: Promise<void> | undefined;
    let aborted = false;
    void o.abort?.then(() => (aborted = true));
    const t0 = performance.now();
    const deadline = o.durationS === undefined ? Infinity : t0 + o.durationS * 1000;
    let lastProgress = t0;
    let sent = 0;
    for (; sent < o.frames && !crashed && !aborted && performance.now() < deadline; sent++) {
      const kind = rng.weighted(weights);
      const frame = (KINDS[kind].gen as (r: Rng, c: GenContext) => Frame)(rng, ctx);
      perKind.set(kind, (perKind.get(kind) ?? 0) + 1);
      byPlace[frame.place] = (byPlace[frame.place] ?? 0) + 1;
      const bytes = bytesOf(frame);
      recent.push({ index: sent, kind, bytes: bytes.length, head: bytes.subarray(0, 96).toString('hex') });
      if (recent.length > RECENT) recent.shift();
      if ('payload' in frame) await tcp.send(frame, tallyOf(kind));
      else if ('action' in frame) await publish.send(frame, tallyOf(kind));
      else await zmqSink(kind, frame.place).send(frame);
      if ((sent + 1) % o.pingEvery === 0) {
        await pending;
        pending = ping(client, o.pingTimeoutMs).then((p) => void pings.push(p));
      }
      const now = performance.now();
      if (now - lastProgress > 10000) {
        lastProgress = now;
        drainConsole();
        const rss = crashed ? 0 : procStats(master.proc.pid!).rss;
        const maxMs = Math.max(0, ...pings.map((p) => p.ms));
        say(`${sent + 1} frames in ${((now - t0) / 1000).toFixed(0)} s (${((sent + 1) / ((now - t0) / 1000)).toFixed(0)}/s), ${pings.length} pings, max ${maxMs.toFixed(0)} ms, master RSS ${(rss / 2 ** 20).toFixed(0)} MB`);
      }
    }
    await pending;
    const seconds = (performance.now() - t0) / 1000;
    await Promise.all([...zmqSinks.values()].map((s) => s.close(crashed ? 0 : 5000)));
    await tcp.close();
    publish.close();
    const finalPing = crashed ? undefined : await ping(client, o.pingTimeoutMs);
    drainConsole();
    const after = crashed ? undefined : procStats(master.proc.pid!);
    const count = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir).length : 0);

    const byKind: FuzzReport['byKind'] = {};
    for (const [kind, frames] of perKind) {
      const t = zmqSinks.get(kind)?.tally ?? tallyOf(kind);
      byKind[kind] = { frames, outcomes: t.toJSON(), samples: Object.fromEntries(t.samples) };
    }
    const late = pings.filter((p) => p.answered && p.ms > o.pingBoundMs).length;
    const unanswered = pings.filter((p) => !p.answered).length;
    const report: FuzzReport = {
      seed: o.seed, frames: sent, seconds, byKind, byPlace, crashed, ...(masterExit === undefined ? {} : { masterExit }),
      pings: {
        count: pings.length, late, unanswered, maxMs: Math.max(0, ...pings.map((p) => p.ms)), medianMs: summarize(pings.map((p) => p.ms)).median,
        bound: o.pingBoundMs, failures: pings.filter((p) => !p.answered || p.ms > o.pingBoundMs).slice(0, 10),
      },
      ...(finalPing ? { finalPing } : {}),
      master: { before, ...(after ? { after } : {}) },
      logBytes: { file: sizeOf(logFile) - logBefore, console: consoleBytes },
      keys: { pending: count(path.join(config.pki_dir, 'minions_pre')), denied: count(path.join(config.pki_dir, 'minions_denied')) },
      ...(crashed ? { kept: cluster.root, recent } : {}),
      ok: !crashed && late === 0 && unanswered === 0 && finalPing?.answered === true,
    };
    if (crashed) say(`the master died (${masterExit}); its folder is kept: ${cluster.root}\n${consoleTail}`);
    return report;
  } finally {
    for (const s of sinks) await s.close();
    client?.close();
    if (crashed) {
      await Promise.all([...cluster.minions.values()].map((m) => m.stop()));
    } else {
      await cluster.stop();
    }
    fs.rmSync(roots, { recursive: true, force: true });
  }
}
