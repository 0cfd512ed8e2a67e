/**
 * The master's event bus, as Salt's master event bus carries it: events with
 * Salt's tags and data (stamped with `_stamp`), read by local subscribers
 * (`salt-run state.event`) over the local client channel's `events` command,
 * with the root key as credential, so only the users who may run `salt'
 * today may subscribe, and no socket stores subscriptions from anyone.
 *
 * Subscribers read by cursor (a sequence number), long polling as job_returns
 * does, from one bounded ring buffer shared by all of them:
 * - no subscriber (none polled within SUBSCRIBER_IDLE_MS): firing an event
 *   counts it and builds nothing, keeps nothing;
 * - a subscriber that stops reading costs nothing: the ring keeps the newest
 *   EVENT_BUFFER events whatever it does; when it reads again it gets what
 *   is left and the number it missed (as libzmq's high-water mark drops for a
 *   slow SUB, but counted);
 * - firing never waits on a subscriber: held polls are woken and answer on
 *   their own turn.
 *
 * In-process listeners (the reactor, event_return) register with {@link EventBus.listen}: a
 * listener says which tags it wants, and an event it wants is built even when
 * no subscriber polls, and handed to it synchronously, inside `fire`.
 */
import { errorMessage } from '@brine/core/errors';
import type { Logger } from '@brine/core/log';
import type { BusEvent, NewEvents } from '@brine/core/protocol/v1/local-client';
import { MAX_HOLD_MS } from '../return-watch';

/** How many events the bus keeps for subscribers: the newest, older ones are dropped. */
export const EVENT_BUFFER = 10000;
/** The most events one `events` reply carries; the subscriber asks again at once for the rest. */
export const MAX_BATCH = 500;
/** A subscriber that has not polled for this long (ms) is gone: with none left, events are not kept. */
export const SUBSCRIBER_IDLE_MS = 30000;

/**
 * Salt's `_stamp`: the UTC time as Python's `datetime.utcnow().isoformat()`, `YYYY-MM-DDTHH:MM:SS.ffffff`,
 * no zone, in microseconds.
 */
export function eventStamp(us = Math.floor((performance.timeOrigin + performance.now()) * 1000)): string {
  const iso = new Date(Math.floor(us / 1000)).toISOString();
  return `${iso.slice(0, 19)}.${String(us % 1000000).padStart(6, '0')}`;
}

/** An in-process listener: the tags it wants, and what it does with each (see {@link EventBus.listen}). */
interface EventListener {
  wants: (tag: string) => boolean;
  on: (event: BusEvent) => void;
}

/** The master's event bus (see the module note). */
export class EventBus {
  private readonly ring: (BusEvent | undefined)[];
  /** The sequence number of the next event fired. */
  private next = 0;
  /** The sequence number of the oldest event kept. */
  private first = 0;
  private lastPoll = -Infinity;
  private readonly wakers = new Set<() => void>();
  private closed = false;
  private readonly listeners: EventListener[] = [];

  constructor(private readonly log: Logger, private readonly capacity = EVENT_BUFFER) {
    this.ring = new Array<BusEvent | undefined>(capacity);
  }

  /** Whether a subscriber polled within SUBSCRIBER_IDLE_MS (or is held now). */
  get listening(): boolean {
    return this.wakers.size > 0 || Date.now() - this.lastPoll < SUBSCRIBER_IDLE_MS;
  }

  /**
   * Hand every event whose tag `wants` accepts to `on`, synchronously inside {@link fire} (so `on` sees the
   * caller's async context), once built and stamped. `on` must not block: it queues work and returns; what it
   * throws is logged and dropped. With no subscriber polling, only wanted events are built.
   * @returns a function that removes the listener
   */
  listen(wants: (tag: string) => boolean, on: (event: BusEvent) => void): () => void {
    const l = { wants, on };
    this.listeners.push(l);
    return () => {
      const at = this.listeners.indexOf(l);
      if (at >= 0) this.listeners.splice(at, 1);
    };
  }

  /**
   * Fire an event. `data` is built only when someone listens (a subscriber, or a listener wanting the tag);
   * `_stamp` is added to it, last, as Salt does. Never throws and never waits.
   */
  fire(tag: string, data: () => Record<string, unknown>): void {
    const wanted = this.listeners.length === 0 ? [] : this.listeners.filter((l) => l.wants(tag));
    const polled = this.listening;
    if (!polled) {
      // The last subscriber left: let go of what was kept for it (once; then first === next).
      if (this.first !== this.next) this.ring.fill(undefined);
      this.first = ++this.next;
      if (wanted.length === 0) return;
    }
    let event: BusEvent;
    try {
      event = { tag, data: { ...data(), _stamp: eventStamp() } };
    } catch (err) {
      this.log.error(`Event ${tag} dropped: its data could not be built: ${errorMessage(err)}`);
      return;
    }
    if (polled) this.keep(event);
    for (const l of wanted) {
      try {
        l.on(event);
      } catch (err) {
        this.log.error(`An event listener failed on ${tag}: ${errorMessage(err)}`);
      }
    }
  }

  /** Keep `event` in the ring for subscribers and wake their held polls. */
  private keep(event: BusEvent): void {
    this.ring[this.next % this.capacity] = event;
    this.next++;
    this.first = Math.max(this.first, this.next - this.capacity);
    if (this.wakers.size === 0) return;
    const wake = [...this.wakers];
    this.wakers.clear();
    for (const w of wake) w();
  }


  /**
   * One subscriber's poll: without `after`, its cursor from now on; with it, the events after it (at most
   * MAX_BATCH), holding the request up to `wait` ms (at most MAX_HOLD_MS) when there are none.
   * A cursor ahead of the bus (the master restarted) reads from the oldest event kept.
   */
  async poll(after: number | undefined, wait = 0): Promise<NewEvents> {
    this.lastPoll = Date.now();
    if (after === undefined) {
      this.log.info(`Event bus: a subscriber joined at event ${this.next}`);
      return { events: [], cursor: this.next, missed: 0 };
    }
    const now = this.read(after);
    if (now.events.length > 0 || now.missed > 0 || wait === 0 || this.closed) return now;
    await new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.wakers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, Math.min(wait, MAX_HOLD_MS));
      this.wakers.add(wake);
    });
    this.lastPoll = Date.now();
    return this.read(after);
  }

  /** The events after `after` that are kept, at most MAX_BATCH, and how many before them were dropped. */
  private read(after: number): NewEvents {
    const from = after > this.next ? this.first : after;
    const start = Math.max(from, this.first);
    const end = Math.min(this.next, start + MAX_BATCH);
    const events: BusEvent[] = [];
    for (let seq = start; seq < end; seq++) events.push(this.ring[seq % this.capacity]!);
    return { events, cursor: end, missed: start - from };
  }

  /** Answer every held poll now and hold none from now on (the master is stopping). */
  close(): void {
    this.closed = true;
    const wake = [...this.wakers];
    this.wakers.clear();
    for (const w of wake) w();
  }
}
