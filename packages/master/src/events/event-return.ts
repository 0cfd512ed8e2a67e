/**
 * Salt's `event_return` on the master: every event of the bus (filtered by
 * event_return_whitelist / event_return_blacklist tag globs) also goes to
 * the returner(s) named, in batches, through each returner's `eventReturn`.
 * Events are gathered while the master handles one turn of its loop (or, with
 * event_return_queue N, until N are gathered or event_return_queue_max_seconds
 * pass, as Salt's EventReturn) and sent as one batch; firing an event only
 * appends it to that batch. A returner that fails keeps the batch in its
 * spool (cachedir/spool/event_return/<name>) and tries again, in order,
 * after a backoff, so a returner that is down loses nothing up to
 * returner_spool_max batches / returner_spool_max_bytes; the bus never waits.
 * Without event_return nothing is built: the bus builds no event data.
 */
import path from 'node:path';
import type { MasterConfig } from '@brine/core/config/master';
import type { Logger } from '@brine/core/log';
import { globError, globMatch } from '@brine/core/matchers/glob';
import type { BusEvent } from '@brine/core/protocol/v1/local-client';
import { returnerContext, type ReturnerEvent } from '@brine/core/returners/define';
import { getReturner, returnerNames } from '@brine/core/returners/index';
import { SpooledDelivery } from '@brine/core/returners/spool';
import { timerDelay } from '@brine/core/timer-delay';
import type { EventBus } from './bus';

/** Tag globs that compile, logging those that do not. */
function globs(patterns: readonly string[], key: string, log: Logger): string[] {
  return patterns.filter((p) => {
    const error = globError(String(p));
    if (error) log.error(`${key}: ignoring the invalid tag glob ${JSON.stringify(p)}: ${error}`);
    return !error;
  });
}

/** The master's event returners (see the module note). */
export class EventReturn {
  private readonly deliveries: SpooledDelivery<ReturnerEvent[]>[] = [];
  private queue: ReturnerEvent[] = [];
  private timer?: NodeJS.Timeout;
  private immediate?: NodeJS.Immediate;
  private readonly sending = new Set<Promise<void>>();
  private readonly allow: string[];
  private readonly deny: string[];

  private constructor(private readonly config: MasterConfig, names: string[], log: Logger) {
    const ctx = returnerContext(config, log);
    for (const name of names) {
      const r = getReturner(name);
      if (!r?.eventReturn) {
        // Salt's words (utils/event.py EventReturn.flush_events).
        log.error(`Could not store return for event(s) - returner '${name}' not found.`);
        continue;
      }
      const eventReturn = r.eventReturn.bind(r);
      this.deliveries.push(
        new SpooledDelivery<ReturnerEvent[]>(
          name,
          path.join(config.cachedir, 'spool', 'event_return', name),
          async (events) => eventReturn(events, ctx),
          { maxItems: config.returner_spool_max, maxBytes: config.returner_spool_max_bytes },
          log,
        ),
      );
    }
    this.allow = globs(config.event_return_whitelist, 'event_return_whitelist', log);
    this.deny = globs(config.event_return_blacklist, 'event_return_blacklist', log);
  }

  /**
   * Send the events of `bus` to the returners `event_return` names, from now on.
   * @returns undefined when event_return names none (then nothing is added to the bus)
   */
  static start(config: MasterConfig, bus: EventBus, log: Logger): EventReturn | undefined {
    const names = returnerNames(config.event_return);
    if (names.length === 0) return undefined;
    const er = new EventReturn(config, names, log);
    if (er.deliveries.length === 0) return undefined;
    bus.listen(() => true, (e) => er.add(e));
    log.info(`event_return: sending the master's events to ${names.join(', ')}`);
    return er;
  }

  /** Queue one event for the next batch (never waits, never throws). */
  add(event: BusEvent): void {
    if (this.allow.length > 0 && !this.allow.some((g) => globMatch(g, event.tag))) return;
    if (this.deny.some((g) => globMatch(g, event.tag))) return;
    this.queue.push({ tag: event.tag, data: event.data });
    const size = this.config.event_return_queue;
    if (size <= 0) {
      this.immediate ??= setImmediate(() => this.flush());
    } else if (this.queue.length >= size) {
      this.flush();
    } else if (this.config.event_return_queue_max_seconds > 0 && !this.timer) {
      this.timer = setTimeout(() => this.flush(), timerDelay(this.config.event_return_queue_max_seconds * 1000));
      this.timer.unref();
    }
  }

  /** Send the queued events as one batch to every returner (each through its spool). */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.immediate) clearImmediate(this.immediate);
    this.immediate = undefined;
    if (this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    for (const d of this.deliveries) {
      const p = d.send(batch).finally(() => this.sending.delete(p));
      this.sending.add(p);
    }
  }

  /** Send what is queued, wait for the sends under way, and stop retrying (the spools keep the rest). */
  async close(): Promise<void> {
    this.flush();
    await Promise.all([...this.sending]);
    for (const d of this.deliveries) d.close();
  }
}
