/**
 * The reactor's position in the master's persistent event log (brine's; Salt's
 * reactor loses what it had queued when the master stops), so a restarted
 * master reacts to what the last one had not finished. Delivery is
 * at-least-once:
 * - the position is the sequence number of the oldest event the map wanted
 *   whose reactions have not finished (waiting or running), or, with none,
 *   the bus's next sequence number; every wanted event before it was reacted
 *   to, refused by the loop guard, or dropped by reactor_worker_hwm;
 * - it is saved at most once a second (POSITION_SAVE_MS) while it moves, and
 *   at stop; so after a crash the events reacted to again are those whose
 *   reactions were running at the crash, plus those finished within the last
 *   second (the duplicate window); after a graceful stop, those whose
 *   reactions were still running after the stop's grace (and were cut).
 * - The events the reactor's own reactions fired (the loop guard's rule 2,
 *   known only live, from the firing code's async context) are recorded with
 *   the position, as [sequence number, `_stamp`], before the event log writes
 *   them (in a microtask of the turn that fired them; the log writes on the
 *   next turn), so a catch-up from the log refuses them too. The stamp makes a
 *   mark exact: a mark of an event lost in a crash (its sequence number then
 *   reused) matches no other event. Marks before the position are dropped;
 *   at most MAX_OWN are kept (the oldest dropped first).
 * The file is `cachedir/reactor/position.json`, `{"next": N, "own": [[seq, stamp], ...]}`,
 * written atomically (a temporary file renamed over it).
 */
import fs from 'node:fs';
import path from 'node:path';
import { errorMessage } from '@brine/core/errors';
import type { Logger } from '@brine/core/log';
import { ensureDir, writeFileAtomic } from '@brine/core/paths';

/** How often (ms) the position is saved at most while it moves. */
export const POSITION_SAVE_MS = 1000;
/** The most own-event marks kept. */
export const MAX_OWN = 10000;

/** What a position file holds. */
export interface SavedPosition {
  /** The sequence number from which the log is to be read again; undefined when none was saved (a first start). */
  next: number | undefined;
  /** The marks of the reactor's own events at or after `next`: sequence number -> `_stamp`. */
  own: Map<number, string>;
}

/**
 * Read a position file.
 * @returns what it holds; nothing saved (and the reason logged) when it is absent or unreadable
 */
export function loadPosition(file: string, log: Logger): SavedPosition {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') log.error(`Reactor: cannot read its position ${file}: ${errorMessage(err)}`);
    return { next: undefined, own: new Map() };
  }
  try {
    const v = JSON.parse(text) as { next?: unknown; own?: unknown };
    if (!Number.isSafeInteger(v.next) || (v.next as number) < 0) throw new Error('no valid "next"');
    const own = new Map<number, string>();
    if (Array.isArray(v.own)) {
      for (const m of v.own) if (Array.isArray(m) && Number.isSafeInteger(m[0]) && typeof m[1] === 'string') own.set(m[0] as number, m[1]);
    }
    return { next: v.next as number, own };
  } catch (err) {
    log.error(`Reactor: its position ${file} is unreadable (${errorMessage(err)}): no catch-up`);
    return { next: undefined, own: new Map() };
  }
}

/** The reactor's progress through the bus's events, saved to a position file (see the module note). */
export class ReactorPosition {
  /** The wanted events not finished, by sequence number, in increasing order (insertion order: added in order). */
  private readonly outstanding = new Set<number>();
  private readonly own: Map<number, string>;
  private timer?: NodeJS.Timeout;
  private flushQueued = false;
  private closed = false;
  /** While the log is read back at start: the sequence number of the next event to read (the position stays below it). */
  private held?: number;

  /**
   * @param file the position file
   * @param current the bus's next sequence number (the position when nothing is outstanding)
   * @param own the marks loaded with the saved position
   */
  constructor(
    private readonly file: string,
    private readonly current: () => number,
    own: Map<number, string>,
    private readonly log: Logger,
  ) {
    this.own = own;
  }

  /** The sequence number from which the log is to be read again (see the module note). */
  get next(): number {
    for (const seq of this.outstanding) return Math.min(seq, this.held ?? seq);
    return this.held ?? this.current();
  }

  /** Keep the position at or below `seq` (the catch-up's read position), or let it go with undefined. */
  hold(seq: number | undefined): void {
    this.held = seq;
  }

  /** A wanted event is queued for its reactions; `seq` must be above every event begun before it. */
  begin(seq: number): void {
    this.outstanding.add(seq);
  }

  /** An event's reactions finished (or it was dropped): the position may move past it. */
  end(seq: number): void {
    this.outstanding.delete(seq);
    this.moved();
  }

  /** The position may have moved (an event was refused, or the bus moved on): saved within POSITION_SAVE_MS. */
  moved(): void {
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.save();
    }, POSITION_SAVE_MS);
    this.timer.unref();
  }

  /** Record that event `seq` (stamped `stamp`) was fired by a reaction; saved before the event log writes it. */
  markOwn(seq: number, stamp: string): void {
    if (this.closed) return;
    this.own.set(seq, stamp);
    if (this.own.size > MAX_OWN) this.own.delete(this.own.keys().next().value!);
    if (this.flushQueued) return;
    this.flushQueued = true;
    queueMicrotask(() => {
      this.flushQueued = false;
      this.save();
    });
  }

  /** Whether event `seq`, stamped `stamp`, was recorded as fired by a reaction. */
  isOwn(seq: number, stamp: unknown): boolean {
    const marked = this.own.get(seq);
    return marked !== undefined && marked === stamp;
  }

  /** Save the position now; never throws (a failure is logged). */
  save(): void {
    if (this.closed) return;
    const next = this.next;
    for (const seq of this.own.keys()) if (seq < next) this.own.delete(seq);
    try {
      ensureDir(path.dirname(this.file));
      writeFileAtomic(this.file, JSON.stringify({ next, own: [...this.own] }) + '\n', 0o600);
    } catch (err) {
      this.log.error(`Reactor: cannot save its position to ${this.file}: ${errorMessage(err)}`);
    }
  }

  /** No event from the bus's next one on will be begun (the reactor stopped listening): the position stays below it. */
  freeze(): void {
    this.held = Math.min(this.held ?? Infinity, this.current());
  }

  /** Save the position a last time; later changes are not saved (the master is stopping). */
  close(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.save();
    this.closed = true;
  }
}
