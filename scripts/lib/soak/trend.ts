/**
 * Whether a soak's curves are flat: the least-squares slope (simple-statistics)
 * of the master's anonymous RSS and of its open descriptors over the last
 * minutes of samples, compared with a bound per minute. A leak shows as a
 * steady slope once the warm-up (heap growth to its working size) is behind;
 * noise around a level does not.
 *
 * Anonymous memory (heap, stacks, native buffers) is what a leak grows. The
 * file-backed rest of RSS is mostly the job cache's LMDB pages, mapped
 * read-only: it grows with the cache, which keeps every job for keep_jobs
 * (24 h), and the kernel reclaims it under pressure. Its slope is reported
 * beside the cache's own growth, not judged.
 */
import { linearRegression } from 'simple-statistics';

/** A slope and whether it is within its bound. */
export interface Slope {
  /** Units per minute over the window (MiB/min for memory, descriptors/min). */
  perMinute: number;
  bound: number;
  flat: boolean;
}

/** The verdict on a soak's samples. */
export interface Trend {
  /** The window the slopes are taken over: from this minute to the last sample. */
  fromMinute: number;
  toMinute: number;
  samples: number;
  rss: Slope;
  rssAnon: Slope;
  fds: Slope;
  /** The job cache's size on disk, MiB per minute (what the file-backed part of RSS follows). */
  cacheMiBPerMinute: number;
  /** Anonymous RSS and descriptors both flat. */
  flat: boolean;
}

/** One sample as the trend reads it: minutes since the start, memory in MiB, descriptors. */
export interface TrendSample {
  minute: number;
  rssMiB: number;
  rssAnonMiB: number;
  fds: number;
  cacheMiB: number;
}

/** Bounds of a flat curve, per minute. */
export interface TrendBounds {
  rssMiBPerMinute: number;
  fdsPerMinute: number;
}

/** Slope of `y` over `minute` for `samples`, 0 with fewer than two. */
function slope(samples: TrendSample[], y: (s: TrendSample) => number, bound: number): Slope {
  const perMinute = samples.length < 2 ? 0 : linearRegression(samples.map((s) => [s.minute, y(s)])).m;
  return { perMinute, bound, flat: Math.abs(perMinute) <= bound };
}

/**
 * Judge the samples of the last `windowMinutes` minutes (all of them when the run was shorter).
 * @param samples in time order
 */
export function trend(samples: TrendSample[], windowMinutes: number, bounds: TrendBounds): Trend {
  const last = samples.length ? samples[samples.length - 1].minute : 0;
  const window = samples.filter((s) => s.minute >= last - windowMinutes);
  const rssAnon = slope(window, (s) => s.rssAnonMiB, bounds.rssMiBPerMinute);
  const fds = slope(window, (s) => s.fds, bounds.fdsPerMinute);
  return {
    fromMinute: window.length ? window[0].minute : 0, toMinute: last, samples: window.length,
    rss: slope(window, (s) => s.rssMiB, bounds.rssMiBPerMinute), rssAnon, fds,
    cacheMiBPerMinute: slope(window, (s) => s.cacheMiB, Infinity).perMinute, flat: rssAnon.flat && fds.flat,
  };
}
