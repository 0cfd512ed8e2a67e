/**
 * A minion swarm, as Salt's tests/minionswarm.py: N real minions spread over
 * several processes (`perProcess` each), started against a master. Used by
 * `npm run swarm` and the benchmark.
 *
 * How many minions one process holds: each minion has 2 zeromq sockets (SUB
 * and DEALER) and 2 TCP connections, about 4 file descriptors, so the
 * 20,000-descriptor limit allows ~4,500 per process; one zeromq context allows its `maxSockets`, so a
 * process opens one context per 1,000 minions. The default of 1,000 minions
 * per process also spreads the work over both cores.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { SwarmReport, SwarmSlice } from './swarm-process';

/** Options of {@link startSwarm}. */
export interface SwarmOptions {
  count: number;
  prefix: string;
  /** Folder holding every minion's root_dir (keys survive reruns). */
  dir: string;
  master: string;
  retPort: number;
  publishPort: number;
  perProcess?: number;
  /** Share (0..1) of minions that delay every job by `slowDelay` seconds. */
  slow?: number;
  slowDelay?: number;
  /** Share (0..1) of minions that never answer a job. */
  silent?: number;
  logLevel?: string;
  /** Minion config keys every minion of the swarm gets (e.g. a `schedule:`), over the swarm's own. */
  config?: Record<string, unknown>;
}

/** A running swarm. */
export interface Swarm {
  ids: string[];
  /** Resolves when every minion is authenticated. */
  authenticated(): Promise<void>;
  /** How many are authenticated now. */
  authenticatedCount(): number;
  /** RSS of all swarm processes, in bytes. */
  memory(): Promise<number>;
  stop(): Promise<void>;
}

/** Zero-padded minion ids `prefix-00001` ... */
function swarmIds(prefix: string, count: number): string[] {
  const width = String(count).length;
  return Array.from({ length: count }, (_, i) => `${prefix}-${String(i + 1).padStart(width, '0')}`);
}

/** Start the swarm's processes; resolves once every minion has started (not yet authenticated). */
export async function startSwarm(o: SwarmOptions): Promise<Swarm> {
  const ids = swarmIds(o.prefix, o.count);
  const per = o.perProcess ?? 1000;
  const slowN = Math.round((o.slow ?? 0) * o.count);
  const silentN = Math.round((o.silent ?? 0) * o.count);
  const silent = ids.slice(ids.length - silentN);
  const slow = ids.slice(ids.length - silentN - slowN, ids.length - silentN);
  const procs: ChildProcess[] = [];
  const authed: number[] = [];
  const waiters: Array<() => void> = [];
  const total = () => authed.reduce((a, b) => a + b, 0);
  const started: Array<Promise<void>> = [];
  for (let from = 0, n = 0; from < ids.length; from += per, n++) {
    const child = fork(path.join(__dirname, 'swarm-process.ts'), [], {
      execArgv: ['-r', 'ts-node/register/transpile-only'],
      env: { ...process.env, TS_NODE_PROJECT: path.join(__dirname, '..', 'tsconfig.json') },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    procs.push(child);
    authed.push(0);
    started.push(new Promise((resolve, reject) => {
      child.on('message', (r: SwarmReport) => {
        if (r.kind === 'started') resolve();
        if (r.kind === 'authenticated') {
          authed[n] = r.count;
          if (total() === ids.length) waiters.splice(0).forEach((w) => w());
        }
      });
      child.once('exit', (code) => reject(new Error(`swarm process ${n} exited with ${code}`)));
    }));
    const sliceIds = ids.slice(from, from + per);
    const slice: SwarmSlice = {
      ids: sliceIds, dir: o.dir, master: o.master, retPort: o.retPort, publishPort: o.publishPort,
      slow: slow.filter((id) => sliceIds.includes(id)), slowDelay: o.slowDelay ?? 10,
      silent: silent.filter((id) => sliceIds.includes(id)), logLevel: o.logLevel ?? 'error', config: o.config ?? {},
    };
    child.send(slice);
  }
  await Promise.all(started);
  const ask = <T extends SwarmReport['kind']>(p: ChildProcess, kind: T) =>
    new Promise<Extract<SwarmReport, { kind: T }>>((resolve) => {
      const on = (r: SwarmReport) => {
        if (r.kind === kind) {
          p.off('message', on);
          resolve(r as Extract<SwarmReport, { kind: T }>);
        }
      };
      p.on('message', on);
      p.send({ kind: kind === 'stopped' ? 'stop' : kind });
    });
  return {
    ids,
    authenticated: () => (total() === ids.length ? Promise.resolve() : new Promise((r) => waiters.push(r))),
    authenticatedCount: total,
    memory: async () => (await Promise.all(procs.map((p) => ask(p, 'memory')))).reduce((a, r) => a + r.rss, 0),
    stop: async () => {
      await Promise.all(procs.filter((p) => p.exitCode === null).map((p) => ask(p, 'stopped').catch(() => undefined)));
    },
  };
}
