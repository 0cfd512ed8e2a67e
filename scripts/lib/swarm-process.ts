/**
 * One swarm process: hosts a slice of the swarm's minions, each a real
 * `startMinion` with its own id, keys (kept in the swarm folder so reruns skip
 * key generation) and sockets. Shared, read-only work that every real minion
 * would repeat on its own machine is done once per process:
 * - grains are collected once, then given each minion's own id/host;
 * - a publication frame's signature is verified once (every minion receives
 *   the same bytes), then each minion still decrypts and matches it itself.
 * Keys are kept, but the pinned master key is forgotten at start, so a rerun
 * against a new master pins that one. Talks to its parent
 * (scripts/lib/swarm.ts) by IPC messages.
 */
import type crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import * as zmq from 'zeromq';
import { loadConfig } from '@brine/core/config/load';
import { MINION_SCHEMA } from '@brine/core/config/minion';
import { createLogger } from '@brine/core/daemon-log';
import { pinnedMasterPath } from '@brine/minion/auth';
import { collectGrains } from '@brine/minion/grains/core';
import type { Publication } from '@brine/core/protocol/v1/publish-port';
import { verifyPublication } from '@brine/core/protocol/v1/secure';
import { startMinion, type RunningMinion } from '@brine/minion/minion';

/** What the parent sends to start a process. */
export interface SwarmSlice {
  ids: string[];
  dir: string;
  master: string;
  retPort: number;
  publishPort: number;
  /** Ids of minions that delay every job by `slowDelay` seconds. */
  slow: string[];
  slowDelay: number;
  /** Ids of minions that never answer a job. */
  silent: string[];
  logLevel: string;
  /** Minion config keys every minion gets, over the swarm's own (SwarmOptions.config). */
  config: Record<string, unknown>;
}

/** Messages to the parent. */
export type SwarmReport =
  | { kind: 'started'; count: number }
  | { kind: 'authenticated'; count: number }
  | { kind: 'memory'; rss: number; heapUsed: number }
  | { kind: 'stopped' };

/** Minions per zeromq context, and the sockets each holds: SUB and DEALER. */
const PER_CONTEXT = 1000;
const SOCKETS_PER_MINION = 2;

/**
 * Publications whose verification a swarm process remembers. The master writes each connection's frames in
 * one batch per tick, so one minion may read 200 frames before the next reads its first: the cache must hold
 * a whole burst, or every minion verifies every frame again (on one host what a fleet spreads over many).
 */
const VERIFIED_FRAMES = 1024;

/** Verify each distinct frame once; the cache holds the last {@link VERIFIED_FRAMES} frames' results. */
function sharedVerifier(): (frame: Uint8Array, master: crypto.KeyObject) => Publication {
  const cache = new Map<string, Publication>();
  return (frame, master) => {
    const key = Buffer.from(frame).toString('base64');
    let v = cache.get(key);
    if (!v) {
      v = verifyPublication(frame, master);
      if (cache.size >= VERIFIED_FRAMES) cache.delete(cache.keys().next().value as string);
      cache.set(key, v);
    }
    return v;
  };
}

async function run(slice: SwarmSlice): Promise<void> {
  const send = (r: SwarmReport) => process.send?.(r);
  const log = createLogger({ name: 'swarm', level: slice.logLevel, console: true });
  const base = await collectGrains({ id: 'swarm', cachedir: path.join(slice.dir, 'shared') });
  const verify = sharedVerifier();
  const slow = new Set(slice.slow);
  const silent = new Set(slice.silent);
  const contexts: zmq.Context[] = [];
  const minions: RunningMinion[] = [];
  for (const [i, id] of slice.ids.entries()) {
    if (i % PER_CONTEXT === 0) contexts.push(new zmq.Context({ maxSockets: PER_CONTEXT * SOCKETS_PER_MINION + 16, ioThreads: 1 }));
    const root = path.join(slice.dir, id);
    // Keys are reused across runs, but each run may face a new master: forget the pinned one (first contact pins again).
    fs.rmSync(pinnedMasterPath(path.join(root, 'etc/salt/pki/minion')), { force: true });
    // Returns spooled in an earlier run were for that run's master, which is gone: start with an empty spool.
    fs.rmSync(path.join(root, 'var/cache/salt/minion/spool'), { recursive: true, force: true });
    const { config } = loadConfig(MINION_SCHEMA, root, 'minion', {
      id, root_dir: root, master: slice.master, master_port: slice.retPort, publish_port: slice.publishPort,
      acceptance_wait_time: 1, random_reauth_delay: 5, recon_randomize: true, ...slice.config,
    });
    const beforeJob = silent.has(id)
      ? async () => false
      : slow.has(id)
        ? () => new Promise<boolean>((r) => setTimeout(() => r(true), slice.slowDelay * 1000))
        : undefined;
    minions.push(await startMinion(config, log, { context: contexts[contexts.length - 1], grains: { ...base, id, host: id, nodename: id, fqdn: id }, verify, beforeJob }));
  }
  send({ kind: 'started', count: minions.length });
  let authed = 0;
  for (const m of minions) void m.authenticated.then(() => send({ kind: 'authenticated', count: ++authed }));
  process.on('message', (msg: { kind: string }) => {
    if (msg.kind === 'memory') {
      const mu = process.memoryUsage();
      send({ kind: 'memory', rss: mu.rss, heapUsed: mu.heapUsed });
    } else if (msg.kind === 'stop') {
      void Promise.all(minions.map((m) => m.stop())).then(() => {
        send({ kind: 'stopped' });
        process.exit(0);
      });
    }
  });
}

process.once('message', (slice: SwarmSlice) => {
  run(slice).catch((err: unknown) => {
    process.stderr.write(`swarm process failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  });
});
