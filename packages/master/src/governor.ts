/**
 * The fleet-wide concurrency cap (Choria's "governor"), master side: a slot
 * table per concurrency group. A minion's schedule entry naming a
 * `concurrency_group` asks for a slot before each run (`_slot_acquire`) and
 * gives it back after (`_slot_release`), so at most `limit` runs of the
 * fleet hold a slot of that group at once, whatever their splay.
 *
 * - A slot belongs to the authenticated minion id that asked and one of its
 *   runs (named by the minion: entry name and a random suffix), never to an
 *   id the request names: only that minion can renew or release it.
 * - A slot is leased: one never released (its minion vanished) is free once
 *   its lease passes. Asking again for a slot the run holds renews it.
 * - A request that finds no free slot may wait (`wait` seconds, at most
 *   SLOT_MAX_WAIT_S): waiting requests are queued per group and granted
 *   first come, first served as slots free. The minion asks again after a
 *   wait that ended ungranted; its place is kept only while it waits.
 * - The limit of a group is the master's `concurrency_groups` entry when
 *   there is one (the master wins), else the one the request gives.
 * - Costs nothing when no entry names a group: no timer runs and no table
 *   exists. With waiters, one timer for the whole table wakes at the
 *   earliest lease end or wait deadline; leases of groups nobody waits on
 *   end lazily, when the group is next read.
 * - Bounded: at most MAX_GROUPS groups, MAX_HOLDERS slots held and
 *   MAX_WAITERS queued requests over all groups; past them a request is
 *   answered at once, ungranted (or refused, for a new group). One minion
 *   holds and waits for at most MAX_PER_MINION slots together, so it cannot
 *   fill the table for the others.
 */
import { SaltConfigurationError, SaltInvocationError } from '@brine/core/errors';
import type { Logger } from '@brine/core/log';
import { setOwn } from '@brine/core/traverse';
import { SLOT_MAX_LIMIT, SLOT_MAX_WAIT_S } from '@brine/core/protocol/v1/constants';
import type { SlotAcquireLoad, SlotAnswer, SlotReleaseLoad } from '@brine/core/protocol/v1/minion-requests';

/** The most concurrency groups the table holds at once (a group with no holder and no waiter is forgotten). */
export const MAX_GROUPS = 1024;
/** The most slots held over all groups. */
export const MAX_HOLDERS = 100_000;
/** The most requests waiting over all groups. */
export const MAX_WAITERS = 100_000;
/** The most slots one minion may hold and requests it may have waiting, together, over all groups. */
export const MAX_PER_MINION = 64;

/** A held slot: which minion and run, and when its lease ends (ms since the epoch). */
interface Holder {
  minion: string;
  run: string;
  expires: number;
}

/** A request waiting for a slot: answered when one is granted to it or at its deadline (ms since the epoch). */
interface Waiter {
  minion: string;
  run: string;
  limit: number;
  leaseMs: number;
  deadline: number;
  answer: (a: SlotAnswer) => void;
}

/** One group: its name, its slots by holder key, its queue, and the limit it was last asked with. */
interface Group {
  name: string;
  limit: number;
  holders: Map<string, Holder>;
  waiters: Waiter[];
}

/** What `governor.status` shows of one group. */
export interface GroupStatus {
  limit: number;
  /** The slots held, by minion id: each run with the time its lease ends (ISO 8601, UTC). */
  holders: Array<{ minion: string; run: string; expires: string }>;
  /** Minions waiting for a slot, in queue order. */
  waiting: string[];
}

/** The key of a slot: its minion id and run (an id has no NUL). */
const slotKey = (minion: string, run: string) => `${minion}\0${run}`;

/**
 * The limits the master's `concurrency_groups` config sets, checked: {group: limit}.
 * @throws SaltConfigurationError for a limit that is not a whole number from 1 to SLOT_MAX_LIMIT
 */
export function configuredLimits(groups: Record<string, unknown>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [name, limit] of Object.entries(groups ?? {})) {
    if (!Number.isInteger(limit) || (limit as number) < 1 || (limit as number) > SLOT_MAX_LIMIT) {
      throw new SaltConfigurationError(`concurrency_groups: the limit of ${JSON.stringify(name)} must be a whole number from 1 to ${SLOT_MAX_LIMIT}, not ${JSON.stringify(limit)}`);
    }
    out.set(name, limit as number);
  }
  return out;
}

/** The slot table of every concurrency group. */
export class Governor {
  private readonly groups = new Map<string, Group>();
  /** Groups with a queue: the only ones the timer looks at. */
  private readonly queued = new Set<Group>();
  private holders = 0;
  private waiters = 0;
  /** Slots held plus requests waiting, per minion. */
  private readonly owned = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private wakeAt = Infinity;
  private closed = false;

  /**
   * @param limits the master's `concurrency_groups` (see {@link configuredLimits}); they win over requests' limits
   * @param log where grants that time out and refusals are logged (debug)
   * @param now the clock, in ms since the epoch
   */
  constructor(
    private readonly limits: ReadonlyMap<string, number>,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * A slot of `load.group` for run `load.run` of `minion`, or its lease renewed if the run holds one already.
   * With no free slot and `wait` > 0 the request waits in the group's queue until a slot frees for it or the
   * wait ends; with `wait` 0, or past MAX_WAITERS, it is answered at once.
   * @returns whether it was granted, the group's limit, and how many hold a slot and wait after the answer
   * @throws SaltInvocationError when neither the master's config nor the request gives the group a limit, when
   *   MAX_GROUPS groups exist already, or when the minion holds and waits for MAX_PER_MINION slots already
   */
  acquire(minion: string, load: SlotAcquireLoad): SlotAnswer | Promise<SlotAnswer> {
    const limit = this.limits.get(load.group) ?? load.limit;
    if (limit === undefined) throw new SaltInvocationError(`Concurrency group ${JSON.stringify(load.group)} has no limit: set concurrency_limit in the schedule entry or concurrency_groups in the master config`);
    const now = this.now();
    // Leases that ended and waits that ended first; a group that empties is forgotten, then made afresh.
    const known = this.groups.get(load.group);
    if (known) this.settle(known, now);
    const group = this.group(load.group, limit);
    const key = slotKey(minion, load.run);
    const leaseMs = load.lease * 1000;
    const held = group.holders.get(key);
    if (held) {
      held.expires = now + leaseMs;
      return this.answer(group, true);
    }
    // Waiting requests go first; one asked again by the same run keeps its place.
    const queuedAt = group.waiters.findIndex((w) => w.minion === minion && w.run === load.run);
    if (queuedAt < 0 && (this.owned.get(minion) ?? 0) >= MAX_PER_MINION) {
      this.forget(group);
      throw new SaltInvocationError(`Minion ${minion} holds or waits for ${MAX_PER_MINION} concurrency slots already`);
    }
    if (queuedAt < 0 && group.waiters.length === 0 && this.free(group, limit)) {
      this.hold(group, minion, load.run, now + leaseMs);
      return this.answer(group, true);
    }
    const wait = Math.min(load.wait, SLOT_MAX_WAIT_S) * 1000;
    if (wait <= 0 || this.closed || (queuedAt < 0 && this.waiters >= MAX_WAITERS)) {
      this.forget(group);
      this.arm();
      return this.answer(group, false);
    }
    return new Promise<SlotAnswer>((answer) => {
      const waiter: Waiter = { minion, run: load.run, limit, leaseMs, deadline: now + wait, answer };
      if (queuedAt >= 0) {
        group.waiters[queuedAt].answer(this.answer(group, false));
        group.waiters[queuedAt] = waiter;
      } else {
        group.waiters.push(waiter);
        this.waiters++;
        this.own(minion, 1);
        this.queued.add(group);
      }
      this.arm();
    });
  }

  /**
   * Release the slot of `load.group` that run `load.run` of `minion` holds, or its place in the queue, and
   * grant freed slots to the queue.
   * @returns false when the run held no slot there and was not queued
   */
  release(minion: string, load: SlotReleaseLoad): boolean {
    const group = this.groups.get(load.group);
    if (!group) return false;
    const key = slotKey(minion, load.run);
    let found = group.holders.delete(key);
    if (found) {
      this.holders--;
      this.own(minion, -1);
    }
    const queuedAt = group.waiters.findIndex((w) => w.minion === minion && w.run === load.run);
    if (queuedAt >= 0) {
      const [w] = group.waiters.splice(queuedAt, 1);
      this.waiters--;
      this.own(minion, -1);
      w.answer(this.answer(group, false));
      found = true;
    }
    this.settle(group, this.now());
    this.arm();
    return found;
  }

  /** Every group with a slot held or a request waiting, by name, sorted (leases that ended are dropped first). */
  status(): Record<string, GroupStatus> {
    const now = this.now();
    const out: Record<string, GroupStatus> = {};
    for (const name of [...this.groups.keys()].sort()) {
      const group = this.groups.get(name)!;
      this.settle(group, now);
      if (!this.groups.has(name)) continue;
      // Defined, not assigned: a group may be named __proto__.
      setOwn(out, name, {
        limit: this.limits.get(name) ?? group.limit,
        holders: [...group.holders.values()].map((h) => ({ minion: h.minion, run: h.run, expires: new Date(h.expires).toISOString() })),
        waiting: group.waiters.map((w) => w.minion),
      });
    }
    this.arm();
    return out;
  }

  /** Stop: every waiting request is answered ungranted, the timer stops; later requests are never queued. */
  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    for (const group of this.queued) {
      for (const w of group.waiters.splice(0)) {
        this.own(w.minion, -1);
        w.answer(this.answer(group, false));
      }
    }
    this.queued.clear();
    this.waiters = 0;
  }

  /** The group `name`, created (within MAX_GROUPS) with `limit`; an existing one takes the limit it is asked with. */
  private group(name: string, limit: number): Group {
    let group = this.groups.get(name);
    if (!group) {
      if (this.groups.size >= MAX_GROUPS) throw new SaltInvocationError(`Too many concurrency groups (at most ${MAX_GROUPS} at once)`);
      group = { name, limit, holders: new Map(), waiters: [] };
      this.groups.set(name, group);
    }
    group.limit = limit;
    return group;
  }

  /** True when `group` has a slot free under `limit` and the table is under MAX_HOLDERS. */
  private free(group: Group, limit: number): boolean {
    return group.holders.size < limit && this.holders < MAX_HOLDERS;
  }

  private hold(group: Group, minion: string, run: string, expires: number): void {
    group.holders.set(slotKey(minion, run), { minion, run, expires });
    this.holders++;
    this.own(minion, 1);
  }

  /** Count `d` more slots held or requests waiting for `minion`. */
  private own(minion: string, d: number): void {
    const n = (this.owned.get(minion) ?? 0) + d;
    if (n > 0) this.owned.set(minion, n);
    else this.owned.delete(minion);
  }

  private answer(group: Group, granted: boolean): SlotAnswer {
    return { granted, limit: group.limit, holders: group.holders.size, waiting: group.waiters.length };
  }

  /** Drop the slots of `group` whose lease ended by `now`. */
  private expire(group: Group, now: number): void {
    for (const [key, h] of group.holders) {
      if (h.expires > now) continue;
      group.holders.delete(key);
      this.holders--;
      this.own(h.minion, -1);
      this.log.debug(`Concurrency slot of ${h.minion} (run ${h.run}) expired unreleased`);
    }
  }

  /** Expire leases, answer waits that ended, grant free slots to the queue in order, forget an empty group (the caller re-arms). */
  private settle(group: Group, now: number): void {
    this.expire(group, now);
    const ended = group.waiters.filter((w) => w.deadline <= now);
    if (ended.length > 0) {
      group.waiters = group.waiters.filter((w) => w.deadline > now);
      this.waiters -= ended.length;
      for (const w of ended) this.own(w.minion, -1);
    }
    while (group.waiters.length > 0 && this.free(group, group.waiters[0].limit)) {
      const w = group.waiters.shift()!;
      this.waiters--;
      this.own(w.minion, -1);
      this.hold(group, w.minion, w.run, now + w.leaseMs);
      w.answer(this.answer(group, true));
    }
    for (const w of ended) w.answer(this.answer(group, false));
    this.forget(group);
  }

  /** Forget `group` when it holds and queues nothing (its name is free again); drop it from the timer's set when it queues nothing. */
  private forget(group: Group): void {
    if (group.waiters.length > 0) return;
    this.queued.delete(group);
    if (group.holders.size === 0) this.groups.delete(group.name);
  }

  /** Set the one timer to the earliest lease end or wait deadline of the queued groups (none when nothing waits). */
  private arm(): void {
    let at = Infinity;
    for (const group of this.queued) {
      for (const w of group.waiters) at = Math.min(at, w.deadline);
      for (const h of group.holders.values()) at = Math.min(at, h.expires);
    }
    if (at === this.wakeAt && this.timer) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.wakeAt = at;
    if (at === Infinity || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.wakeAt = Infinity;
      const now = this.now();
      for (const group of [...this.queued]) this.settle(group, now);
      this.arm();
    }, Math.max(0, at - this.now()));
    this.timer.unref();
  }
}
