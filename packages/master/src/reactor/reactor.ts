/**
 * The master's reactor (Salt's salt/utils/reactor.py): events on the master's
 * bus whose tag matches the `reactor:` map are rendered through their SLS
 * files, with `tag` and `data` in scope, and the actions run:
 * - `local.<fun>`: a job published in-process, as salt's local client
 *   publishes (user `Reactor`), without waiting for its returns (cmd_async);
 * - `wheel.key.accept|reject|delete`: keys changed in-process, as salt-key
 *   changes them (so `salt/key` fires and accepted minions are woken);
 * - `runner.<fun>`: a salt-run child process (runner.ts).
 * Events wait in one queue per tag and a tag's reactions run one event at a
 * time (queue.ts); the loop guard (loop-guard.ts) keeps the reactor from
 * reacting to itself. Nothing in a reactor SLS stops the master: render
 * errors are logged with the file and line, failed actions with the ID.
 *
 * With the persistent event log (event_log, on by default) nothing is lost
 * across a stop or a crash of the master (brine's; Salt's reactor loses its
 * queue): the reactor saves its position in the log (position.ts: at-least-
 * once, the duplicate window there), and at start reacts to the wanted
 * events after it, those fired within reactor_catch_up_seconds (older ones
 * are skipped and counted in the log), before the events fired since. A
 * graceful stop takes no new event, lets the running reactions finish for up
 * to STOP_GRACE_MS, then stops the rest; the unfinished are read back at start.
 *
 * Cost: with no `reactor:` map, nothing (no listener on the bus). With one,
 * per event a glob match of its tag against each map entry; the events that
 * match are built (as for a subscriber) and queued; the position file is
 * written at most once a second while events come, plus once per turn in
 * which a reaction fired an event the map matches.
 */
import { errorMessage } from '@brine/core/errors';
import type { Logger } from '@brine/core/log';
import type { BusEvent, Published } from '@brine/core/protocol/v1/local-client';
import type { PublishRequest } from '@brine/core/protocol/v1/loads';
import type { EventBus } from '../events/bus';
import type { KeyAct } from '../events/key-events';
import type { Pki } from '../pki';
import { LoopGuard, REACTOR_USER } from './loop-guard';
import { ReactorMap } from './map';
import { TagQueues } from './queue';
import { compileReactions, type Reaction } from './reactions';
import { ReactorRenderer, type RenderConfig } from './render';
import { RunnerLauncher } from './runner';
import { wheelKey } from './wheel-key';
import { loadPosition, ReactorPosition } from './position';

/** How long (ms) a stopping master lets running reactions finish before it stops them. */
export const STOP_GRACE_MS = 5000;

/** An event for the reactor, with its sequence number on the bus. */
interface Queued {
  event: BusEvent;
  seq: number;
}

/** The time (ms since the epoch) of an event's `_stamp` (UTC, no zone), NaN when it has none. */
function stampTime(e: BusEvent): number {
  return typeof e.data._stamp === 'string' ? Date.parse(`${e.data._stamp.slice(0, 23)}Z`) : NaN;
}

/** The master config keys the reactor reads. */
export interface ReactorConfig extends RenderConfig {
  reactor: unknown;
  reactor_worker_threads: number;
  reactor_worker_hwm: number;
  reactor_runner_timeout: number;
  reactor_loop_limit: number;
  reactor_catch_up_seconds: number;
  config_dir: string;
}

/** What the reactor acts through. */
export interface ReactorDeps {
  config: ReactorConfig;
  events: Pick<EventBus, 'listen' | 'follow' | 'sequence'>;
  /** Where the reactor saves its position in the persistent event log; none without the log (nothing to resume from). */
  positionFile?: string;
  /** The master's job publishing (jobs.ts), as the local client channel's `publish`. */
  publish: (req: PublishRequest) => Promise<Published>;
  pki: Pki;
  /** The master's handling of keys changed in pki_dir (client-channel.ts keysChanged). */
  keysChanged: (ids: string[], act: KeyAct) => void;
  log: Logger;
}

/** A running reactor. */
export class Reactor {
  private readonly map: ReactorMap;
  private readonly renderer: ReactorRenderer;
  private readonly guard: LoopGuard;
  private readonly runner: RunnerLauncher;
  private readonly queue: TagQueues<Queued>;
  private readonly unlisten: () => void;
  private readonly position?: ReactorPosition;
  /** While the log is read back at start: the live events fired meanwhile (queued after it), with rule 2's verdict. */
  private pending?: Array<Queued & { fired: boolean }>;
  private readonly stopping = new AbortController();
  private readonly caughtUp: Promise<void>;
  private dropped = 0;

  private constructor(private readonly d: ReactorDeps, map: ReactorMap) {
    const c = d.config;
    this.map = map;
    this.renderer = new ReactorRenderer(c);
    this.guard = new LoopGuard(c.reactor_loop_limit);
    this.runner = new RunnerLauncher(c.config_dir, c.reactor_runner_timeout, d.log);
    this.queue = new TagQueues<Queued>(
      Math.max(1, c.reactor_worker_threads),
      Math.max(1, c.reactor_worker_hwm),
      (q) => this.react(q),
      (q) => this.drop(q),
      (q, err) => d.log.error(`Reactor: reacting to ${q.event.tag} failed: ${errorMessage(err)}`),
    );
    const saved = d.positionFile ? loadPosition(d.positionFile, d.log) : undefined;
    if (d.positionFile) this.position = new ReactorPosition(d.positionFile, () => d.events.sequence, saved!.own, d.log);
    // Live events from here on; those before (from the saved position) are read back from the log first.
    const end = d.events.sequence;
    if (saved?.next !== undefined && saved.next < end) {
      this.pending = [];
      this.position!.hold(saved.next);
    }
    this.unlisten = d.events.listen((tag) => this.map.wants(tag), (e, seq) => this.receive(e, seq));
    this.caughtUp = this.pending ? this.catchUp(saved!.next!, end) : Promise.resolve();
    if (saved?.next !== undefined && saved.next > end) {
      d.log.warning(`Reactor: its saved position (event ${saved.next}) is past the event log's end (${end}): the log lost its tail; reacting from ${end}`);
    }
    this.position?.moved();
  }

  /** Start the reactor of the config's `reactor` map; undefined (and no cost) when the map is empty. */
  static start(d: ReactorDeps): Reactor | undefined {
    const map = new ReactorMap(d.config.reactor, d.log);
    if (map.empty) return undefined;
    d.log.info(`Reactor started (${d.config.reactor_worker_threads} workers, at most ${d.config.reactor_worker_hwm} events waiting)`);
    return new Reactor(d, map);
  }

  /**
   * An event the map wants, handed over synchronously where it is fired: whether a reaction fired it is known
   * only now (rule 2 of the loop guard), so it is recorded; then it is checked and queued (after the catch-up).
   */
  private receive(event: BusEvent, seq: number): void {
    const fired = this.guard.inReaction;
    if (fired) this.position?.markOwn(seq, String(event.data._stamp));
    if (!this.pending) return this.accept(event, seq, fired);
    this.pending.push({ event, seq, fired });
    // Bounded as the queue is: past reactor_worker_hwm the oldest is dropped (the position then moves past it).
    if (this.pending.length > Math.max(1, this.d.config.reactor_worker_hwm)) this.drop(this.pending.shift()!);
  }

  /** Check `event` with the loop guard and queue it. */
  private accept(event: BusEvent, seq: number, fired: boolean): void {
    const refused = this.guard.check(event, fired);
    if (refused) {
      if (refused.first) this.d.log.info(`Reactor: not reacting to ${event.tag}: ${refused.reason}`);
      this.position?.moved();
      return;
    }
    this.position?.begin(seq);
    this.queue.push(event.tag, { event, seq });
  }

  /**
   * Read back the log from the saved position `from` to `end` (the first live event) and queue the wanted
   * events fired within reactor_catch_up_seconds, then the live events that came meanwhile. Never throws.
   */
  private async catchUp(from: number, end: number): Promise<void> {
    const c = this.d.config;
    const oldest = Date.now() - c.reactor_catch_up_seconds * 1000;
    let reacted = 0;
    let old = 0;
    let missed = 0;
    try {
      if (c.reactor_catch_up_seconds <= 0) {
        this.d.log.info(`Reactor: reactor_catch_up_seconds is 0: not reacting to the events ${from} to ${end - 1} of the last run`);
      } else {
        for await (const page of this.d.events.follow(from, this.stopping.signal)) {
          missed += page.missed;
          const first = page.cursor - page.events.length;
          for (let i = 0; i < page.events.length && first + i < end; i++) {
            const event = page.events[i];
            const seq = first + i;
            this.position!.hold(seq + 1);
            if (!this.map.wants(event.tag)) continue;
            if (!(stampTime(event) >= oldest)) {
              old++;
              continue;
            }
            reacted++;
            this.accept(event, seq, this.position!.isOwn(seq, event.data._stamp));
          }
          if (page.cursor >= end) break;
        }
      }
    } catch (err) {
      this.d.log.error(`Reactor: reading back the event log failed: ${errorMessage(err)}`);
    }
    const skipped = [old && `${old} older than reactor_catch_up_seconds (${c.reactor_catch_up_seconds}) skipped`, missed && `${missed} no longer in the event log`].filter(Boolean);
    this.d.log.info(`Reactor: caught up from event ${from} to ${end - 1}: ${reacted} event(s) the map wants read back${skipped.length ? `; ${skipped.join(', ')}` : ''}`);
    // Stopped in the middle: the position stays where the reading stopped, so the rest is read at the next start.
    if (this.stopping.signal.aborted) return;
    const live = this.pending ?? [];
    this.pending = undefined;
    this.position!.hold(undefined);
    for (const q of live) this.accept(q.event, q.seq, q.fired);
    this.position!.moved();
  }

  private drop(q: Queued): void {
    this.position?.end(q.seq);
    // Logged at the first drop and every 1,000th after: a burst must not also flood the log.
    if (this.dropped++ % 1000 === 0) {
      this.d.log.error(`Reactor: dropped the oldest waiting event (${q.event.tag}): more than reactor_worker_hwm (${this.d.config.reactor_worker_hwm}) were waiting; ${this.dropped} dropped so far`);
    }
  }

  /** React to a queued event; once done, the position may move past it. Never throws. */
  private async react(q: Queued): Promise<void> {
    try {
      await this.reactTo(q.event);
    } finally {
      this.position?.end(q.seq);
    }
  }

  /** Render the event's SLS files and run their reactions in order. Never throws. */
  private async reactTo(e: BusEvent): Promise<void> {
    const refs = this.map.files(e.tag);
    const files: Array<{ path: string; data: unknown }> = [];
    for (const ref of refs) {
      for (const r of await this.renderer.render(ref, e.tag, e.data)) {
        if ('error' in r) this.d.log.error(`Reactor: ${r.error}`);
        else files.push(r);
      }
    }
    if (files.length === 0) return;
    const { reactions, errors, warnings } = compileReactions(files);
    if (errors.length) {
      this.d.log.error(`Unable to render reactions for event ${e.tag} due to errors (${errors.join('; ')}) in one or more of the sls files (${refs.join(', ')})`);
      return;
    }
    for (const w of warnings) this.d.log.warning(`Reactor: ${w}`);
    for (const r of reactions) {
      try {
        await this.guard.acting(() => this.act(r));
      } catch (err) {
        this.d.log.error(`Reactor '${r.id}' failed to execute ${r.kind} '${r.fun}' (${r.sls}): ${errorMessage(err)}`);
      }
    }
  }

  /** Run one reaction. @throws whatever its client throws (a bad target, a key error) */
  private async act(r: Reaction): Promise<void> {
    const what = `Reactor '${r.id}' (${r.sls}): ${r.kind}.${r.fun}`;
    if (r.kind === 'local') {
      const p = await this.d.publish({ tgt: r.tgt, tgt_type: r.tgtType, fun: r.fun, arg: r.arg, kwarg: r.kwarg, user: REACTOR_USER, ...r.returners });
      this.d.log.info(p.jid ? `${what} published job ${p.jid} to ${p.minions.join(', ')}` : `${what}: no minion matched the target ${JSON.stringify(r.tgt)}`);
    } else if (r.kind === 'wheel') {
      const { minions } = wheelKey({ pki: this.d.pki, changed: this.d.keysChanged }, r.fun, r.arg, r.kwarg);
      this.d.log.info(`${what} acted on ${minions.length ? minions.join(', ') : 'no key'}`);
    } else {
      const res = await this.runner.run(r.fun, r.arg, r.kwarg);
      if (res.code === 0) this.d.log.info(`${what} finished`);
      else this.d.log.error(`${what} failed (exit code ${res.code}${res.timedOut ? ', timed out' : ''}): ${(res.stderr || res.stdout).trim().slice(0, 2000)}`);
    }
  }

  /**
   * Stop reacting: no new events; waiting ones are dropped, running ones get STOP_GRACE_MS to finish; the
   * position is saved (so the unfinished are read back at the next start); then the running salt-run children
   * are stopped. Resolves when no reaction runs.
   */
  async stop(): Promise<void> {
    this.unlisten();
    // The events fired from now on (returns still come in while reactions finish) are read back at the next start.
    this.position?.freeze();
    this.stopping.abort();
    await this.caughtUp;
    const idle = this.queue.drain();
    let grace: NodeJS.Timeout | undefined;
    await Promise.race([idle, new Promise<void>((resolve) => (grace = setTimeout(resolve, STOP_GRACE_MS)))]);
    clearTimeout(grace);
    this.position?.close();
    this.runner.close();
    await idle;
  }
}
