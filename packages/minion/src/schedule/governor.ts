/**
 * The fleet-wide concurrency cap, minion side (the master's slot table is
 * master/governor.ts). A schedule entry naming `concurrency_group` runs only
 * while it holds a slot of that group:
 *
 * 1. Before the run the minion asks the master for a slot (`_slot_acquire`).
 *    With none free, the master holds the request (at most SLOT_MAX_WAIT_S)
 *    and answers when one frees for it, first come, first served; the minion
 *    asks again until `concurrency_wait` seconds have passed, then skips this
 *    run and logs it.
 * 2. While the run lasts it renews the slot's lease every third of
 *    `concurrency_lease`, so a long run keeps its slot while a minion that
 *    vanished loses it once its lease passes.
 * 3. After the run (whatever its outcome) it releases the slot.
 *
 * When the master does not answer (a request times out, or the minion is not
 * authenticated) for `concurrency_timeout` seconds in a row, the minion's
 * `concurrency_unreachable` decides: `run` runs without a slot (logged),
 * `skip` skips this run (logged). A master that answers but refuses (no limit
 * for the group) skips the run, logged as an error.
 */
import crypto from 'node:crypto';
import type { MinionConfig } from '@brine/core/config/minion';
import { errorCode, errorMessage, SaltConfigurationError, SaltInvocationError } from '@brine/core/errors';
import type { Logger } from '@brine/core/log';
import { SLOT_GROUP_PATTERN, SLOT_MAX_LEASE_S, SLOT_MAX_LIMIT, SLOT_MAX_WAIT_S } from '@brine/core/protocol/v1/constants';
import type { SlotAnswer } from '@brine/core/protocol/v1/minion-requests';
import type { MasterChannel } from '../channel';
import type { BeforeRun } from './scheduler';

/** A slot's lease when the entry gives no `concurrency_lease`, in seconds. */
export const DEFAULT_LEASE_S = 60;
/** How long a run waits for a slot when the entry gives no `concurrency_wait`, in seconds. */
export const DEFAULT_WAIT_S = 600;
/** What a request to the master may take beyond the time the master may hold it, in ms. */
const REPLY_MARGIN_MS = 5000;
/** Pauses between attempts while the master does not answer, in ms: doubling from the first to the last. */
const RETRY_FIRST_MS = 1000;
const RETRY_MAX_MS = 10_000;

/** What the minion does with a governed run when the master does not answer: run without a slot, or skip it. */
export type UnreachablePolicy = 'run' | 'skip';

/** The concurrency cap of one schedule entry, from its keys (see {@link slotSpec}). */
export interface SlotSpec {
  /** `concurrency_group`. */
  group: string;
  /** `concurrency_limit`, when the entry gives one (the master's `concurrency_groups` wins). */
  limit?: number;
  /** `concurrency_lease`, in seconds. */
  lease: number;
  /** `concurrency_wait`, in seconds. */
  wait: number;
}

/** A whole number of seconds from `lo` to `hi` in entry key `key`, or `dflt` when absent. */
function seconds(entry: Record<string, unknown>, key: string, dflt: number | undefined, lo: number, hi: number): number | undefined {
  const v = entry[key];
  if (v === undefined || v === null) return dflt;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi) {
    throw new SaltInvocationError(`${key} must be a whole number from ${lo} to ${hi}, not ${JSON.stringify(v)}`);
  }
  return v;
}

/**
 * The concurrency cap of a schedule entry: its `concurrency_group` (letters, digits, `_.:-`, up to 128
 * characters), `concurrency_limit` (1 to SLOT_MAX_LIMIT; optional when the master's `concurrency_groups`
 * sets the group's limit), `concurrency_lease` (seconds, 1 to one day, default {@link DEFAULT_LEASE_S}) and
 * `concurrency_wait` (seconds, 0 or more, default {@link DEFAULT_WAIT_S}).
 * @returns undefined when the entry names no group (it runs ungoverned)
 * @throws SaltInvocationError for a malformed key
 */
export function slotSpec(entry: Record<string, unknown>): SlotSpec | undefined {
  const group = entry.concurrency_group;
  if (group === undefined || group === null) return undefined;
  if (typeof group !== 'string' || !new RegExp(SLOT_GROUP_PATTERN).test(group)) {
    throw new SaltInvocationError(`concurrency_group must be a name of letters, digits and _.:- (1 to 128 characters), not ${JSON.stringify(group)}`);
  }
  const limit = seconds(entry, 'concurrency_limit', undefined, 1, SLOT_MAX_LIMIT);
  return {
    group,
    ...(limit === undefined ? {} : { limit }),
    lease: seconds(entry, 'concurrency_lease', DEFAULT_LEASE_S, 1, SLOT_MAX_LEASE_S)!,
    wait: seconds(entry, 'concurrency_wait', DEFAULT_WAIT_S, 0, Number.MAX_SAFE_INTEGER)!,
  };
}

/**
 * The minion's `concurrency_unreachable` ('run' or 'skip') and `concurrency_timeout` (seconds, 1 or more), checked.
 * @throws SaltConfigurationError for another value
 */
export function slotPolicy(config: Pick<MinionConfig, 'concurrency_unreachable' | 'concurrency_timeout'>): { unreachable: UnreachablePolicy; timeout: number } {
  const { concurrency_unreachable: unreachable, concurrency_timeout: timeout } = config;
  if (unreachable !== 'run' && unreachable !== 'skip') throw new SaltConfigurationError(`concurrency_unreachable must be 'run' or 'skip', not ${JSON.stringify(unreachable)}`);
  if (typeof timeout !== 'number' || !(timeout >= 1)) throw new SaltConfigurationError(`concurrency_timeout must be a number of seconds, 1 or more, not ${JSON.stringify(timeout)}`);
  return { unreachable, timeout };
}

/** True for a failure that means the master did not answer: a timeout, no connection, or not authenticated. */
function unanswered(err: unknown): boolean {
  const code = errorCode(err);
  return code === 'unavailable' || code === 'auth';
}

/** Wait `ms`, or less if `signal` aborts. */
function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** What a {@link SlotClient} needs. */
export interface SlotClientOptions {
  channel: Pick<MasterChannel, '_slot_acquire' | '_slot_release'>;
  /** The minion's `concurrency_unreachable`. */
  unreachable: UnreachablePolicy;
  /** The minion's `concurrency_timeout`: seconds without an answer before the unreachable policy applies. */
  timeout: number;
  log: Logger;
  /** The minion stopping: a run still waiting for a slot is skipped. */
  signal?: AbortSignal;
}

/**
 * What {@link SlotClient.take} gives: a slot to release after the run (`slot` false when the run goes without one
 * because the master did not answer and concurrency_unreachable is 'run'), or why the run is skipped.
 */
export type Taken = { release: () => Promise<void>; slot: boolean } | { skip: string };

/** A new id for one run of entry `name` (its slot's `run`, as `salt-run governor.status` shows it): the name and a random suffix. */
function runId(name: string): string {
  return `${name.slice(0, 47)}:${crypto.randomBytes(8).toString('hex')}`;
}

/** Takes slots of the fleet-wide cap for the minion's schedule entries; one per minion. */
export class SlotClient {
  constructor(private readonly o: SlotClientOptions) {}

  /**
   * The scheduler's BeforeRun hook (scheduler.ts): an entry without `concurrency_group` runs at once; one with it
   * waits for a slot ({@link take}) and releases it when the run ended, or is skipped.
   */
  readonly beforeRun: BeforeRun = async (entry) => {
    if (!entry.concurrency) return () => undefined;
    const taken = await this.take(entry.name, entry.concurrency);
    if ('skip' in taken) return 'skip';
    return () => void taken.release();
  };

  /**
   * Take a slot of `spec.group` for one run of entry `name`: wait for one, then renew it every third of its lease
   * until released. Never throws: a run that gets no slot is skipped and logged.
   * @returns the slot's release (stops the renewal; once), or why the run is skipped
   */
  async take(name: string, spec: SlotSpec): Promise<Taken> {
    const run = runId(name);
    const got = await this.acquire(name, run, spec);
    if (got === 'unreachable-run') {
      this.o.log.warning(`Schedule job ${name} runs without a slot of concurrency group ${spec.group}: the master did not answer for ${this.o.timeout} s (concurrency_unreachable: run)`);
      return { slot: false, release: async () => undefined };
    }
    if (got !== 'granted') {
      this.o.log.warning(`Schedule job ${name} skipped: ${got}`);
      return { skip: got };
    }
    const renew = setInterval(() => void this.renew(name, run, spec), (spec.lease * 1000) / 3);
    renew.unref();
    let released: Promise<void> | undefined;
    return {
      slot: true,
      release: () => {
        clearInterval(renew);
        released ??= this.release(name, run, spec);
        return released;
      },
    };
  }

  /**
   * Ask for a slot until one is granted, the entry's wait passes, or the master has not answered for the
   * minion's timeout.
   * @returns 'granted', 'unreachable-run' (run without one), or why the run is skipped
   */
  private async acquire(name: string, run: string, spec: SlotSpec): Promise<string> {
    const { channel, signal, timeout } = this.o;
    const deadline = Date.now() + spec.wait * 1000;
    let silentSince: number | undefined;
    let retry = RETRY_FIRST_MS;
    for (;;) {
      if (signal?.aborted) return 'the minion is stopping';
      // After a request went unanswered, ask without waiting: an answer says the master is back at once.
      const wait = silentSince === undefined ? Math.max(0, Math.min(deadline - Date.now(), SLOT_MAX_WAIT_S * 1000)) : 0;
      const asked = Date.now();
      let answer: SlotAnswer;
      try {
        answer = await channel._slot_acquire(
          { group: spec.group, run, ...(spec.limit === undefined ? {} : { limit: spec.limit }), lease: spec.lease, wait: wait / 1000 },
          { timeoutMs: wait + REPLY_MARGIN_MS },
        );
      } catch (err) {
        if (!unanswered(err)) {
          this.o.log.error(`Schedule job ${name}: the master refused a slot of concurrency group ${spec.group}: ${errorMessage(err)}`);
          return `the master refused a slot of concurrency group ${spec.group}: ${errorMessage(err)}`;
        }
        const now = Date.now();
        silentSince ??= asked;
        if (now - silentSince >= timeout * 1000) {
          // A held request may have been granted after this minion stopped waiting for it: give it back.
          void this.release(name, run, spec);
          return this.o.unreachable === 'run' ? 'unreachable-run' : `the master did not answer for ${timeout} s (concurrency_unreachable: skip)`;
        }
        this.o.log.debug(`Schedule job ${name}: no answer to a slot request (${errorMessage(err)}); asking again`);
        await pause(Math.min(retry, Math.max(0, silentSince + timeout * 1000 - now)), signal);
        retry = Math.min(retry * 2, RETRY_MAX_MS);
        continue;
      }
      silentSince = undefined;
      retry = RETRY_FIRST_MS;
      if (answer.granted) return 'granted';
      if (Date.now() >= deadline) {
        void this.release(name, run, spec);
        return `no slot of concurrency group ${spec.group} (limit ${answer.limit}, ${answer.holders} held, ${answer.waiting} waiting) within ${spec.wait} s`;
      }
      // Answered at once without a slot (the master's queue is full, or it is stopping): not a busy loop.
      if (Date.now() - asked < Math.min(wait, RETRY_FIRST_MS) || wait === 0) await pause(RETRY_FIRST_MS, signal);
    }
  }

  /** Renew the run's slot (ask again with no wait); a slot lost meanwhile is logged, the run goes on. */
  private async renew(name: string, run: string, spec: SlotSpec): Promise<void> {
    try {
      const a = await this.o.channel._slot_acquire(
        { group: spec.group, run, ...(spec.limit === undefined ? {} : { limit: spec.limit }), lease: spec.lease, wait: 0 },
        { timeoutMs: REPLY_MARGIN_MS },
      );
      if (!a.granted) this.o.log.warning(`Schedule job ${name} lost its slot of concurrency group ${spec.group} (its lease ended); it runs on`);
    } catch (err) {
      this.o.log.debug(`Schedule job ${name}: could not renew its slot of ${spec.group}: ${errorMessage(err)}`);
    }
  }

  /** Release the run's slot; when the master does not answer, the slot ends with its lease. */
  private async release(name: string, run: string, spec: SlotSpec): Promise<void> {
    try {
      await this.o.channel._slot_release({ group: spec.group, run }, { timeoutMs: REPLY_MARGIN_MS });
    } catch (err) {
      this.o.log.info(`Schedule job ${name}: could not release its slot of ${spec.group} (${errorMessage(err)}); it ends with its lease`);
    }
  }
}
