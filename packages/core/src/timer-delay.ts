/**
 * Delays for Node's timers from configured durations. Node takes a delay
 * longer than 2^31 - 1 ms (about 24.8 days) as 1 ms, so an interval
 * configured "very long" would fire in a busy loop; these delays stop at
 * that bound instead.
 */

/** The longest delay a Node timer holds, in ms. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** `ms` as a timer delay: at most {@link MAX_TIMER_MS}, at least 0 (NaN is 0). */
export function timerDelay(ms: number): number {
  return ms > 0 ? Math.min(ms, MAX_TIMER_MS) : 0;
}
