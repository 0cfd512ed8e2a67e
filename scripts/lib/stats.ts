/** Small statistics for benchmark figures: median, min and max of repeated runs. */

/** Median, min and max of samples (NaN for none). */
export interface Summary {
  median: number;
  min: number;
  max: number;
  n: number;
}

/** Summarize samples. */
export function summarize(samples: number[]): Summary {
  const s = [...samples].sort((a, b) => a - b);
  if (s.length === 0) return { median: NaN, min: NaN, max: NaN, n: 0 };
  const mid = Math.floor(s.length / 2);
  const median = s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  return { median, min: s[0], max: s[s.length - 1], n: s.length };
}

/** `median (min–max)` with `digits` decimals. */
export function fmt(s: Summary, digits = 3): string {
  return s.n === 0 ? 'n/a' : `${s.median.toFixed(digits)} (${s.min.toFixed(digits)}–${s.max.toFixed(digits)})`;
}
