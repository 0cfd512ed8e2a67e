/**
 * The reactor's loop guard: the reactor never reacts to what it caused
 * itself, so a reactor whose reaction fires an event its own map matches
 * (a `salt/job/*\/ret/*` reactor running `local.*` would react to its own
 * job's return, forever) runs once per outside event. Three rules:
 *
 * 1. Salt's rule: an event whose data has `user: Reactor` is not reacted to.
 *    The reactor publishes its jobs as user Reactor, and salt-run reactions
 *    run as that user, so every `salt/job/<jid>/new` and
 *    `salt/job/<jid>/ret/<id>` of a job the reactor (or a runner it ran)
 *    published carries it.
 * 2. Events fired inside the reactor's own in-process actions are not reacted
 *    to: a reaction runs in an AsyncLocalStorage context, and the bus hands
 *    events to the reactor synchronously, in the firing code's context. This
 *    covers events without a user: a job's `<jid>` event, and the `salt/key`
 *    events of its wheel.key actions.
 *    Across a restart, the reactor reads back from the event log what it had
 *    not finished, where no async context is left: the events of rule 2 are
 *    recorded, when fired, with the reactor's position (position.ts), and
 *    `check` is told so.
 * 3. Loops through minions (a reaction that makes a minion fire the event
 *    again, e.g. restarts it, or runs event.send) carry nothing that ties the
 *    new event to the reaction, so they are bounded by rate: at most
 *    reactor_loop_limit reactions to one tag from one minion id (the event's
 *    `id`; or to one tag without an id) per minute. Past it, that tag (for
 *    that id) is not reacted to until the minute ends: the chain breaks, since
 *    each turn of a loop needs a reaction. Bursts of many minions (a fleet
 *    starting) are not limited: their tags or ids differ.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { BusEvent } from '@brine/core/protocol/v1/local-client';

/** The user the reactor's jobs and runs carry, as Salt's ReactWrap.event_user. */
export const REACTOR_USER = 'Reactor';

/** The loop guard's rate window (ms). */
export const LOOP_WINDOW_MS = 60_000;

/** How many (tag, id) windows are tracked before expired ones are swept. */
const MAX_TRACKED = 10_000;

/** A refusal: why, and whether it is the first of its window (to be logged). */
export interface Refusal {
  reason: string;
  first: boolean;
}

/** See the module note. */
export class LoopGuard {
  private readonly own = new AsyncLocalStorage<true>();
  private readonly windows = new Map<string, { start: number; n: number }>();

  /**
   * @param limit reactor_loop_limit: most reactions per (tag, id) per window
   * @param now the clock (ms)
   */
  constructor(
    private readonly limit: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Run `action` as the reactor's own: the events it fires (now, or after its awaits) are refused by rule 2. */
  acting<T>(action: () => Promise<T>): Promise<T> {
    return this.own.run(true, action);
  }

  /** Whether the caller runs inside a reaction (so an event it fires is the reactor's own: rule 2). */
  get inReaction(): boolean {
    return this.own.getStore() === true;
  }

  /**
   * Whether the reactor may react to `event`, called synchronously where the bus fires it (or when it is read
   * back from the event log); a reaction allowed counts towards the rate bound.
   * @param fired whether a reaction fired it, as recorded when it was fired (rule 2 for an event read back)
   * @returns undefined when it may, else why not
   */
  check(event: BusEvent, fired = false): Refusal | undefined {
    if (event.data.user === REACTOR_USER) return { reason: 'its job or run is the reactor\'s own (user Reactor)', first: true };
    if (fired || this.inReaction) return { reason: 'a reaction fired it', first: true };
    const id = typeof event.data.id === 'string' ? event.data.id : '';
    const key = `${event.tag}\0${id}`;
    const t = this.now();
    let w = this.windows.get(key);
    if (!w || t - w.start >= LOOP_WINDOW_MS) {
      if (!w && this.windows.size >= MAX_TRACKED) this.sweep(t);
      w = { start: t, n: 0 };
      this.windows.set(key, w);
    }
    if (++w.n <= this.limit) return undefined;
    const from = id ? ` from ${id}` : '';
    return { reason: `more than ${this.limit} reactions to it${from} within a minute (reactor_loop_limit): a reaction loop?`, first: w.n === this.limit + 1 };
  }

  /** Forget the windows that ended. */
  private sweep(t: number): void {
    for (const [k, w] of this.windows) if (t - w.start >= LOOP_WINDOW_MS) this.windows.delete(k);
  }
}
