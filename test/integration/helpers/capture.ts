/**
 * Real Salt 3006.10 captures (test/fixtures/reference, see its README) and
 * the normalization that makes a brine run comparable with one: only what
 * the capture set's README lists as expected to differ (jids, times,
 * durations, uptime figures, pids, key fingerprints, version strings, the
 * Python interpreter's warnings and the paths of temporary folders) is
 * rewritten; every other byte, stream and exit code must be the same.
 */
import fs from 'node:fs';
import path from 'node:path';
import { brineVersion } from '@brine/core/version';

/** test/fixtures/reference, where the captures are copied verbatim. */
export const CAPTURES = path.resolve(__dirname, '../../fixtures/reference');

/** One captured command: its exit code, command line as typed, and stdout and stderr verbatim. */
export interface Capture {
  code: number;
  command: string;
  stdout: string;
  stderr: string;
}

/**
 * Parse capture `name` (for example `test_ping.txt`).
 * @throws Error when the file does not have the capture layout
 */
export function readCapture(name: string): Capture {
  const text = fs.readFileSync(path.join(CAPTURES, name), 'utf8');
  const m = /^exit_code: (\d+)\ncommand: (.*)\n==== stdout \(verbatim\) ====\n([\s\S]*)==== stderr \(verbatim\) ====\n([\s\S]*)==== end ====\n?$/.exec(text);
  if (!m) throw new Error(`${name} is not a capture (exit_code, command, stdout, stderr, end)`);
  return { code: Number(m[1]), command: m[2], stdout: m[3], stderr: m[4] };
}

/** The names of every capture file, sorted. */
export function captureNames(): string[] {
  return fs.readdirSync(CAPTURES).filter((f) => f.endsWith('.txt')).sort();
}

/** Options of {@link normalize}. */
export interface NormalizeOptions {
  /**
   * Rename minion ids by order of first appearance (M1, M2, ...), for output
   * printed in return order, which varies from run to run.
   */
  returnOrder?: boolean;
  /** Folders that stand for `/` in this run (the test's root folder), removed from paths. */
  roots?: string[];
}

/** Rewrite each line with `f`, which also sees the line before it (as it was). */
function lines(text: string, f: (line: string, prev: string) => string): string {
  const input = text.split('\n');
  return input.map((line, i) => f(line, i > 0 ? input[i - 1] : '')).join('\n');
}

/**
 * Rewrite what may differ between two runs of the same command into fixed
 * tokens, leaving everything else as it is.
 */
export function normalize(text: string, opts: NormalizeOptions = {}): string {
  let t = text;
  for (const root of opts.roots ?? []) t = t.split(root).join('');
  t = t
    // jids (Salt's are 20 digits: a date and microseconds)
    .replace(/\b\d{20}\b/g, '<jid>')
    // the job cache's start times (jobs.list_jobs, jobs.active) and state start times
    .replace(/\b\d{4}, [A-Z][a-z]{2} \d\d \d\d:\d\d:\d\d\.\d{6}\b/g, '<date>')
    // an event's _stamp (state.event), before the times below (no word boundary after its T)
    .replace(/\b\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\b/g, '<stamp>')
    .replace(/\b\d\d:\d\d:\d\d\.\d{6}\b/g, '<time>')
    // state durations and run times
    .replace(/Duration: [\d.]+ ms/g, 'Duration: <ms> ms')
    .replace(/Total run time: +[\d.]+ m?s/g, 'Total run time: <duration>')
    // uptime(1) lines
    .replace(/^( *)\d\d:\d\d:\d\d up .*load average: .*$/gm, '$1<uptime>')
    // key fingerprints (SHA-256, colon separated)
    .replace(/\b[0-9a-f]{2}(:[0-9a-f]{2}){31}\b/g, '<fingerprint>')
    // the version in `<cli> --version`
    .replace(/^(salt(?:-[a-z]+)?) \S+ \(\w+\)$/gm, '$1 <version>')
    // test.version's answer: Salt's release or brine's
    .replace(/^( +)(\S+)$/gm, (line, indent: string, v: string) => (v === '3006.10' || v === brineVersion() ? `${indent}<version>` : line));
  // Python's DeprecationWarnings on stderr (the interpreter's, not Salt's)
  t = t.replace(/^.*DeprecationWarning: .*\n {2}import \w+\n/gm, '');
  // pids, under a `pid:` key or a minion id (jobs.active's Running list)
  t = lines(t, (line, prev) => (/^\s*(pid|minion\d+):$/.test(prev) && /^\s+\d+$/.test(line) ? line.replace(/\d+/, '<pid>') : line));
  if (opts.returnOrder) {
    const order = new Map<string, string>();
    t = t.replace(/\bminion\d+\b/g, (id) => {
      if (!order.has(id)) order.set(id, `M${order.size + 1}`);
      return order.get(id)!;
    });
  }
  return t;
}
