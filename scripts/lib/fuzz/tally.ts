/**
 * Counts of outcomes (a reply's error code, a connection's fate), with a few
 * sample messages per outcome for the report.
 */

/** Distinct sample messages kept per outcome. */
const SAMPLES = 5;

/** Outcome counts and samples. */
export class Tally {
  readonly counts = new Map<string, number>();
  readonly samples = new Map<string, string[]>();

  /** Count one `outcome`; keep `sample` (truncated to 300 characters) if it is among the first distinct ones. */
  add(outcome: string, sample?: string): void {
    this.counts.set(outcome, (this.counts.get(outcome) ?? 0) + 1);
    if (sample === undefined) return;
    const kept = this.samples.get(outcome) ?? [];
    const s = sample.slice(0, 300);
    if (kept.length < SAMPLES && !kept.includes(s)) this.samples.set(outcome, [...kept, s]);
  }

  /** The counts as a plain object, most frequent first. */
  toJSON(): Record<string, number> {
    return Object.fromEntries([...this.counts].sort((a, b) => b[1] - a[1]));
  }

  /** `outcome n, outcome n` (most frequent first), or `-`. */
  toString(): string {
    const parts = Object.entries(this.toJSON()).map(([k, n]) => `${k} ${n}`);
    return parts.length ? parts.join(', ') : '-';
  }
}
