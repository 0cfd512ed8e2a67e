/**
 * `salt --summary`: Salt's block counting the minions a job targeted, that
 * returned, that did not, and that returned an error; with `-v`, Salt's
 * lists of those minions and MCollective-style timings.
 */

/** What one job did, as the salt CLI saw it. */
export interface JobTally {
  /** Minions that returned, with their retcode and when the return arrived (ms after the publish started). */
  returned: Array<{ id: string; retcode: number; at: number }>;
  /** Minions that did not return, with why (Salt's `Not connected` or `No response`, or brine's `Still running`). */
  missing: Array<{ id: string; why: string }>;
  /** How long the publish took (ms), from the request until the master gave the jid. */
  publishMs: number;
}

const RULE = '-------------------------------------------';

/** Milliseconds with one decimal, as the timings print. */
const ms = (n: number) => `${n.toFixed(1)} ms`;

/**
 * The lines of Salt's summary block (printed after the returns): two blank
 * lines, a rule, `Summary`, the four counts, and the closing rule. With
 * `verbose`, Salt's `Minions not connected:`, `Minions not responding:` and
 * `Minions with failures:` lines (only when not empty), then brine's
 * timings: the publish, the first and the last return, and the min, average
 * and max time to a minion's return, all in ms from the start of the publish.
 */
export function summaryLines(t: JobTally, verbose: boolean): string[] {
  const failed = t.returned.filter((r) => r.retcode !== 0).map((r) => r.id);
  const lines = [
    '', '', RULE, 'Summary', RULE,
    `# of minions targeted: ${t.returned.length + t.missing.length}`,
    `# of minions returned: ${t.returned.length}`,
    `# of minions that did not return: ${t.missing.length}`,
    `# of minions with errors: ${failed.length}`,
  ];
  if (verbose) {
    const which = (why: string) => t.missing.filter((m) => m.why === why).map((m) => m.id);
    if (which('Not connected').length) lines.push(`Minions not connected: ${which('Not connected').join(' ')}`);
    if (which('No response').length) lines.push(`Minions not responding: ${which('No response').join(' ')}`);
    if (failed.length) lines.push(`Minions with failures: ${failed.join(' ')}`);
    lines.push(`Publish time: ${ms(t.publishMs)}`);
    if (t.returned.length) {
      const times = t.returned.map((r) => r.at);
      // Reduced, not spread: a fleet may return more times than a call takes arguments.
      const min = times.reduce((a, b) => Math.min(a, b));
      const max = times.reduce((a, b) => Math.max(a, b));
      lines.push(`First return: ${ms(min)}`, `Last return: ${ms(max)}`);
      lines.push(`Return time min/avg/max: ${ms(min)} / ${ms(times.reduce((a, b) => a + b, 0) / times.length)} / ${ms(max)}`);
    }
  }
  lines.push(RULE);
  return lines;
}
