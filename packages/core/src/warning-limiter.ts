/**
 * A rate limit on repeated log lines about one peer (a routing id, a minion
 * id): bad frames, refused requests, replays, refused authentications. The
 * first line about a key is logged; more lines about it within
 * {@link WINDOW_MS} are counted, not logged; the next line after the window
 * is logged with `(N similar suppressed)`. A peer sending a million bad
 * frames costs the log a line every ten seconds. Salt has no such limit.
 *
 * Keys are what the caller names: a peer and a fixed kind of problem (and an
 * error code), never text the peer chooses, so one peer has a bounded number
 * of keys. At most {@link MAX_KEYS} keys are remembered; the least recently
 * logged is forgotten first, so many peers cannot grow the master's memory.
 */
import type { Logger } from './log';

/** How long, in ms, lines about one key are suppressed after one is logged. */
export const WINDOW_MS = 10_000;
/** How many keys are remembered at most. */
export const MAX_KEYS = 10_000;

/** Options of a {@link WarningLimiter}; the defaults are {@link WINDOW_MS}, {@link MAX_KEYS} and Date.now. */
export interface WarningLimiterOptions {
  windowMs?: number;
  maxKeys?: number;
  /** The clock, in ms. */
  now?: () => number;
}

/** The log levels a limited line may use. */
export type LimitedLevel = 'error' | 'warning' | 'info';

/** Decides which repeated lines are logged (see the module note). */
export class WarningLimiter {
  /** Per key: when its last line was logged, and how many were suppressed since. In order of that time, oldest first. */
  private readonly keys = new Map<string, { loggedAt: number; suppressed: number }>();
  private readonly windowMs: number;
  private readonly maxKeys: number;
  private readonly now: () => number;

  constructor(opts: WarningLimiterOptions = {}) {
    this.windowMs = opts.windowMs ?? WINDOW_MS;
    this.maxKeys = opts.maxKeys ?? MAX_KEYS;
    this.now = opts.now ?? Date.now;
  }

  /**
   * Whether a line about `key` is logged now; a suppressed one is counted.
   * @returns undefined when it is suppressed, else how many lines about `key` were suppressed since the last one logged
   */
  admit(key: string): number | undefined {
    const now = this.now();
    const entry = this.keys.get(key);
    if (entry && now - entry.loggedAt < this.windowMs) {
      entry.suppressed++;
      return undefined;
    }
    this.keys.delete(key);
    this.keys.set(key, { loggedAt: now, suppressed: 0 });
    if (this.keys.size > this.maxKeys) this.keys.delete(this.keys.keys().next().value as string);
    return entry?.suppressed ?? 0;
  }

  /** Log `msg` at `level` unless {@link admit} suppresses `key`; after suppressions it ends with `(N similar suppressed)`. */
  log(log: Logger, level: LimitedLevel, key: string, msg: string): void {
    const suppressed = this.admit(key);
    if (suppressed === undefined) return;
    log[level](suppressed ? `${msg} (${suppressed} similar suppressed)` : msg);
  }
}
