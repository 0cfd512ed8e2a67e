/**
 * The master's event bus, as Salt's master event bus carries it: events with
 * Salt's tags and data (stamped with `_stamp`), read by local subscribers
 * (`salt-run state.event`) over the local client channel's `events` command,
 * with the root key as credential, so only the users who may run `salt'
 * today may subscribe, and no socket stores subscriptions from anyone.
 *
 * Subscribers read by cursor (a sequence number), long polling as job_returns
 * does, from one bounded ring buffer shared by all of them, and, with the
 * persistent event log (event-log.ts, on by default), from the log on disk:
 * - every event is built, kept in the ring and appended to the log (batched
 *   per event-loop turn), whether or not anyone listens; sequence numbers
 *   continue the log's, so they survive a restart of the master;
 * - a subscriber whose cursor is older than the ring reads from the log; one
 *   older than the log gets what is left and the number it missed;
 * - without the log (`event_log: False`) and no subscriber (none polled
 *   within SUBSCRIBER_IDLE_MS), firing an event counts it and builds nothing,
 *   keeps nothing;
 * - a subscriber that stops reading costs nothing: the ring keeps the newest
 *   EVENT_BUFFER events whatever it does; when it reads again it gets what
 *   is left and the number it missed (as libzmq's high-water mark drops for a
 *   slow SUB, but counted);
 * - firing never waits on a subscriber nor on the disk: held polls are woken
 *   and answer on their own turn.
 * In the master, `follow` gives the same reads as an async iterator, from a saved sequence number.
 *
 * In-process listeners (the reactor, event_return) register with {@link EventBus.listen}: a
 * listener says which tags it wants, and an event it wants is built even when
 * nothing else keeps it, and handed to it synchronously, inside `fire`.
 */
import { errorMessage } from '@brine/core/errors';
import type { Logger } from '@brine/core/log';
import type { BusEvent, NewEvents } from '@brine/core/protocol/v1/local-client';
import { MAX_HOLD_MS } from '../return-watch';
import type { EventLog } from './event-log';

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
  const second = Math.floor(us / 1000000);
  // Events come in bursts: the date and time to the second are formatted once per second.
  if (second !== stampCache.second) stampCache = { second, text: new Date(second * 1000).toISOString().slice(0, 19) };
  return `${stampCache.text}.${String(us % 1000000).padStart(6, '0')}`;
}
let stampCache = { second: NaN, text: '' };

/** An in-process listener: the tags it wants, and what it does with each (see {@link EventBus.listen}). */
interface EventListener {
  wants: (tag: string) => boolean;
  on: (event: BusEvent, seq: number) => void;
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

  /**
   * @param store the persistent event log, if kept: the bus numbers events from its `next` and appends each to it
   * @param capacity how many events the ring keeps (EVENT_BUFFER)
   */
  constructor(private readonly log: Logger, private readonly store?: EventLog, private readonly capacity = EVENT_BUFFER) {
    this.ring = new Array<BusEvent | undefined>(capacity);
    this.next = this.first = store?.next ?? 0;
  }

  /** Whether a subscriber polled within SUBSCRIBER_IDLE_MS (or is held now). */
  get listening(): boolean {
    return this.wakers.size > 0 || Date.now() - this.lastPoll < SUBSCRIBER_IDLE_MS;
  }

  /** The sequence number the next event fired will carry (every event before it was handed to the listeners). */
  get sequence(): number {
    return this.next;
  }

  /**
   * Hand every event whose tag `wants` accepts to `on`, with its sequence number, synchronously inside
   * {@link fire} (so `on` sees the caller's async context), once built and stamped. `on` must not block: it queues work and returns; what it
   * throws is logged and dropped. Wanted events are built even when nothing else keeps them.
   * @returns a function that removes the listener
   */
  listen(wants: (tag: string) => boolean, on: (event: BusEvent, seq: number) => void): () => void {
    const l = { wants, on };
    this.listeners.push(l);
    return () => {
      const at = this.listeners.indexOf(l);
      if (at >= 0) this.listeners.splice(at, 1);
    };
  }

  /**
   * Fire an event. `data` is built only when the event is kept (the log is on, or a subscriber polls) or a
   * listener wants it; it must return a new object, which the bus keeps and adds `_stamp` to, last, as Salt does.
   * Never throws and never waits.
   */
  fire(tag: string, data: () => Record<string, unknown>): void {
    const seq = this.next;
    const wanted = this.listeners.length === 0 ? [] : this.listeners.filter((l) => l.wants(tag));
    const kept = this.store !== undefined || this.listening;
    if (!kept) {
      // The last subscriber left: let go of what was kept for it (once; then first === next).
      if (this.first !== this.next) this.ring.fill(undefined);
      this.first = ++this.next;
      if (wanted.length === 0) return;
    }
    let event: BusEvent;
    try {
      const built = data();
      built._stamp = eventStamp();
      event = { tag, data: built };
    } catch (err) {
      this.log.error(`Event ${tag} dropped: its data could not be built: ${errorMessage(err)}`);
      return;
    }
    if (kept && (!this.store || this.store.append(this.next, event))) this.keep(event);
    for (const l of wanted) {
      try {
        l.on(event, seq);
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

  /**
   * In-process subscription (the reactor's): the events from sequence number `from` on (default: from now), in
   * order, one page at a time as `events` polls give them (`cursor` is the sequence number after the page's last
   * event, so event i of a page is number `cursor - events.length + i`; `missed` counts events no longer kept).
   * The next page is read only when the consumer asks for it, so a slow consumer holds nothing back but itself.
   * Ends when the bus closes or `signal` aborts (within MAX_HOLD_MS).
   */
  async *follow(from?: number, signal?: AbortSignal): AsyncGenerator<NewEvents> {
    let cursor = from ?? (await this.poll(undefined)).cursor;
    while (!this.closed && !signal?.aborted) {
      const page = await this.poll(cursor, MAX_HOLD_MS);
      cursor = page.cursor;
      if (page.events.length > 0 || page.missed > 0) yield page;
    }
  }

  /** The events after `after` that are kept, at most MAX_BATCH, and how many before them were dropped. */
  private read(after: number): NewEvents {
    const oldest = this.store?.first ?? this.first;
    const from = after > this.next ? oldest : after;
    if (from < this.first && this.store) {
      // The log holds what the ring holds too (read() writes what is pending first), so one page may run on into it.
      const disk = this.store.read(from, MAX_BATCH);
      if (disk.events.length > 0 || disk.cursor >= this.first) return disk;
    }
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
