/**
 * Salt's highstate outputter (salt/output/highstate.py), for state.apply,
 * state.sls, state.highstate and state.single returns: per state an ID /
 * Function / Name / Result / Comment / Started / Duration / Changes block,
 * then the Summary. Compile errors (a list of strings) print as Salt's
 * "Data failed to compile". Not reproduced: orchestration returns nested in
 * changes, state `warnings`, the `data` field, `state_tabular` and the
 * `filter` state output.
 */
import { theme, type Theme } from './colors';
import { nested } from './nested';
import { isDict, pyNumberRepr, pyStrip, rstrip, splitlines } from '@brine/core/python';
import { pyStr } from '@brine/core/jinja/runtime/values';
import type { OutputOptions } from './types';

/** Python's truth value of decoded data: None, False, 0, '' and empty lists or mappings are false. */
function truthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (isDict(value)) return Object.keys(value).length > 0;
  return Boolean(value);
}

/** Python's `str()` of a float field (durations): integral numbers keep their `.0`. */
function pyFloat(value: unknown): string {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return `${value}.0`;
  return typeof value === 'number' ? pyNumberRepr(value) : pyStr(value);
}

/** Salt's `strip_esc_sequence`: ESC characters become '?', so data cannot drive the terminal. */
function stripEsc(text: string): string {
  return text.replace(/\x1b/g, '?');
}

/** A duration field as a number of milliseconds (Salt also reads '12.5 ms'), or undefined. */
function durationMs(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : parseFloat(String(value));
  return Number.isFinite(n) ? n : undefined;
}

/** Salt's `_format_changes`: whether the state changed something, and the text after "Changes:   ". */
function formatChanges(changes: unknown, opts: OutputOptions): [boolean, string] {
  if (!truthy(changes)) return [false, ''];
  if (!isDict(changes)) return [true, `Invalid Changes data: ${pyStr(changes)}`];
  return [true, `\n${nested(changes, { color: opts.color, indent: 14 })}`];
}

/** Salt's `_format_terse`: one line per state. */
function formatTerse(tcolor: string, comps: string[], ret: Record<string, unknown>, c: Theme): string {
  let result = truthy(ret.changes) ? 'Changed' : 'Clean';
  if (ret.result === false) result = 'Failed';
  else if (ret.result === null || ret.result === undefined) result = 'Differs';
  let line = ` ${tcolor} Name: ${comps[2]} - Function: ${comps[0]}.${comps[comps.length - 1]} - Result: ${result}`;
  if ('start_time' in ret) line += ` - Started: ${pyStr(ret.start_time)} - Duration: ${pyFloat(ret.duration)} ms`;
  return line + c.ENDC;
}

/** The full block of one state. */
function formatFull(tcolor: string, comps: string[], ret: Record<string, unknown>, ctext: string, c: Theme): string[] {
  const line = (text: string): string => `    ${tcolor}${text}${c.ENDC}`;
  const comment = pyStrip(pyStr(ret.comment)).replace(/\n/g, `\n${' '.repeat(14)}`);
  const lines = [
    `${tcolor}----------${c.ENDC}`,
    line(`      ID: ${comps[1]}`),
    line(`Function: ${comps[0]}.${comps[3]}`),
    line(`  Result: ${pyStr(ret.result)}`),
    line(` Comment: ${comment}`),
  ];
  if ('start_time' in ret) {
    const duration = ret.duration === undefined || ret.duration === '' ? '' : `${pyFloat(ret.duration)} ms`;
    lines.push(line(` Started: ${pyStr(ret.start_time)}`), line(`Duration: ${duration}`));
  }
  if (comps[1] !== comps[2]) lines.splice(3, 0, line(`    Name: ${comps[2]}`));
  lines.push(`${tcolor}     Changes:   ${ctext}${c.ENDC}`);
  return lines;
}

/** Salt's `_format_host`: one minion's return. */
function formatHost(host: string, data: unknown, opts: OutputOptions): string {
  const c = theme(opts.color);
  const stateOutput = (opts.stateOutput ?? 'full').toLowerCase();
  const verbose = opts.stateVerbose ?? true;
  let hcolor = c.GREEN;
  const out: string[] = [];
  if (typeof data === 'number' || typeof data === 'bigint' || typeof data === 'boolean') {
    out.push(`${hcolor}    ${pyStr(data)}${c.ENDC}`);
    hcolor = c.CYAN;
  } else if (typeof data === 'string') {
    for (const l of splitlines(data)) out.push(`${hcolor}    ${l}${c.ENDC}`);
    hcolor = c.CYAN;
  } else if (Array.isArray(data)) {
    hcolor = c.LIGHT_RED;
    out.push(`    ${hcolor}Data failed to compile:${c.ENDC}`);
    for (const err of data) out.push(`${hcolor}----------\n    ${stripEsc(pyStr(err))}${c.ENDC}`);
  } else if (isDict(data)) {
    const states = Object.entries(data)
      .filter((e): e is [string, Record<string, unknown>] => isDict(e[1]) && 'result' in e[1])
      .sort(([, a], [, b]) => Number(a.__run_num__ ?? 0) - Number(b.__run_num__ ?? 0));
    const counts = new Map<unknown, number>();
    let total = 0;
    let nchanges = 0;
    for (const [tname, ret] of states) {
      counts.set(ret.result, (counts.get(ret.result) ?? 0) + 1);
      total += durationMs(ret.duration ?? 0) ?? 0;
      const [schanged, ctext] = formatChanges(ret.changes, opts);
      if (schanged) nchanges++;
      if (!verbose && truthy(ret.result) && !schanged) continue;
      let tcolor = schanged ? c.CYAN : c.GREEN;
      if (ret.result === false) hcolor = tcolor = c.RED;
      if (ret.result === null) hcolor = tcolor = c.LIGHT_YELLOW;
      const comps = tname.split('_|-');
      if (stateOutput.endsWith('_id')) comps[2] = comps[1];
      const terse =
        stateOutput.startsWith('terse') ||
        (stateOutput.startsWith('mixed') && ret.result !== false) ||
        (stateOutput.startsWith('changes') && truthy(ret.result) && !schanged);
      if (terse) out.push(formatTerse(tcolor, comps, ret, c));
      else out.push(...formatFull(tcolor, comps, ret, ctext, c));
    }
    out.push(...summary(host, counts, nchanges, total, c));
  }
  out.unshift(`${hcolor}${stripEsc(host)}:${c.ENDC}`);
  return out.join('\n');
}

/** The Summary block: counts by result, changes, states run and total time (ms, or s from 1000 ms). */
function summary(host: string, counts: Map<unknown, number>, nchanges: number, totalMs: number, c: Theme): string[] {
  const countWidth = Math.max(0, ...[...counts.values()].map((n) => String(n).length));
  const width = 'Succeeded'.length + countWidth + 2;
  const row = (label: string, n: number): string => `${label}: ${String(n).padStart(width - (label.length + 2))}`;
  const notRun = counts.get(null) ?? 0;
  const failed = counts.get(false) ?? 0;
  const stats: string[] = [];
  if (notRun > 0) stats.push(`${c.LIGHT_YELLOW}unchanged=${notRun}${c.ENDC}`);
  if (nchanges > 0) stats.push(`${c.GREEN}changed=${nchanges}${c.ENDC}`);
  const states = [...counts.values()].reduce((a, b) => a + b, 0);
  const [time, unit] = totalMs > 999 ? [totalMs / 1000, 's'] : [totalMs, 'ms'];
  return [
    `${c.CYAN}\nSummary for ${host}\n${'-'.repeat(width)}${c.ENDC}`,
    `${c.GREEN}${row('Succeeded', (counts.get(true) ?? 0) + notRun)}${c.ENDC}${stats.length ? ` (${stats.join(', ')})` : ''}`,
    `${failed ? c.RED : c.CYAN}${row('Failed', failed)}${c.ENDC}`,
    `${c.CYAN}${'-'.repeat(width)}\nTotal states run: ${String(states).padStart(width - 7)}${c.ENDC}`,
    `${c.CYAN}Total run time: ${time.toFixed(3).padStart(width - 5)} ${unit}${c.ENDC}`,
  ];
}

/**
 * Format `{minion: return}` as Salt's highstate outputter, minion after
 * minion, trailing whitespace removed (Salt's try_printout). `opts.stateOutput` is Salt's state_output: 'full' (default),
 * 'terse' (one line per state), 'mixed' (terse unless failed), 'changes'
 * (terse unless failed or changed), each also with an `_id` suffix (the ID
 * in place of the name). `opts.stateVerbose: false` hides states that
 * succeeded without changes (they still count in the Summary).
 */
export function highstate(data: unknown, opts: OutputOptions): string {
  if (!isDict(data)) return rstrip(pyStr(data));
  return rstrip(Object.entries(data).map(([host, ret]) => formatHost(host, ret, opts)).join('\n'));
}
