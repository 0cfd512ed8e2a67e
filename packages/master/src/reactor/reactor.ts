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
 * Cost: with no `reactor:` map, nothing (no listener on the bus). With one,
 * per event a glob match of its tag against each map entry; the events that
 * match are built (as for a subscriber) and queued.
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

/** The master config keys the reactor reads. */
export interface ReactorConfig extends RenderConfig {
  reactor: unknown;
  reactor_worker_threads: number;
  reactor_worker_hwm: number;
  reactor_runner_timeout: number;
  reactor_loop_limit: number;
  config_dir: string;
}

/** What the reactor acts through. */
export interface ReactorDeps {
  config: ReactorConfig;
  events: Pick<EventBus, 'listen'>;
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
  private readonly queue: TagQueues<BusEvent>;
  private readonly unlisten: () => void;
  private dropped = 0;

  private constructor(private readonly d: ReactorDeps, map: ReactorMap) {
    const c = d.config;
    this.map = map;
    this.renderer = new ReactorRenderer(c);
    this.guard = new LoopGuard(c.reactor_loop_limit);
    this.runner = new RunnerLauncher(c.config_dir, c.reactor_runner_timeout, d.log);
    this.queue = new TagQueues<BusEvent>(
      Math.max(1, c.reactor_worker_threads),
      Math.max(1, c.reactor_worker_hwm),
      (e) => this.react(e),
      (e) => this.drop(e),
      (e, err) => d.log.error(`Reactor: reacting to ${e.tag} failed: ${errorMessage(err)}`),
    );
    this.unlisten = d.events.listen((tag) => this.map.wants(tag), (e) => this.receive(e));
  }

  /** Start the reactor of the config's `reactor` map; undefined (and no cost) when the map is empty. */
  static start(d: ReactorDeps): Reactor | undefined {
    const map = new ReactorMap(d.config.reactor, d.log);
    if (map.empty) return undefined;
    d.log.info(`Reactor started (${d.config.reactor_worker_threads} workers, at most ${d.config.reactor_worker_hwm} events waiting)`);
    return new Reactor(d, map);
  }

  /** An event the map wants, handed over synchronously where it is fired: checked by the loop guard, then queued. */
  private receive(e: BusEvent): void {
    const refused = this.guard.check(e);
    if (refused) {
      if (refused.first) this.d.log.info(`Reactor: not reacting to ${e.tag}: ${refused.reason}`);
      return;
    }
    this.queue.push(e.tag, e);
  }

  private drop(e: BusEvent): void {
    // Logged at the first drop and every 1,000th after: a burst must not also flood the log.
    if (this.dropped++ % 1000 === 0) {
      this.d.log.error(`Reactor: dropped the oldest waiting event (${e.tag}): more than reactor_worker_hwm (${this.d.config.reactor_worker_hwm}) were waiting; ${this.dropped} dropped so far`);
    }
  }

  /** Render the event's SLS files and run their reactions in order. Never throws. */
  private async react(e: BusEvent): Promise<void> {
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
      const p = await this.d.publish({ tgt: r.tgt, tgt_type: r.tgtType, fun: r.fun, arg: r.arg, kwarg: r.kwarg, user: REACTOR_USER });
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

  /** Stop reacting: no new events, waiting ones dropped, running salt-run children stopped; resolves when none runs. */
  async stop(): Promise<void> {
    this.unlisten();
    this.runner.close();
    await this.queue.drain();
  }
}
