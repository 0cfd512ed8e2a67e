/**
 * The fuzzer's summary as Markdown tables, for the terminal and
 * BENCHMARKS.md: frames by target, frames and outcomes by kind, then the
 * verdict figures (crashes, pings, master memory and descriptors, log
 * growth, keys filed).
 */
import { mib } from '../proc';
import type { Place } from './kinds';
import type { FuzzReport } from './run';

/** What each place is, for the table. */
const PLACE_NAMES: Record<Place, string> = {
  request: 'request port (ROUTER), through zeromq',
  local: 'local client socket (ipc), through zeromq',
  publish: 'publish port (XPUB), through SUB, XSUB and DEALER peers',
  'tcp-request': 'request port, raw TCP',
  'tcp-publish': 'publish port, raw TCP',
};

/** The summary of `r`, as lines of Markdown. */
export function formatReport(r: FuzzReport): string {
  const a = r.master.after;
  const lines = [
    `Seed ${r.seed}: ${r.frames} frames in ${r.seconds.toFixed(1)} s (${(r.frames / r.seconds).toFixed(0)} frames/s).`,
    '',
    '| target | frames |',
    '|---|---|',
    ...Object.entries(r.byPlace).map(([place, n]) => `| ${PLACE_NAMES[place as Place]} | ${n} |`),
    '',
    '| kind | frames | outcomes |',
    '|---|---|---|',
    ...Object.entries(r.byKind)
      .sort((x, y) => y[1].frames - x[1].frames)
      .map(([kind, k]) => `| ${kind} | ${k.frames} | ${Object.entries(k.outcomes).map(([o, n]) => `${o} ${n}`).join(', ') || '-'} |`),
    '',
    '| figure | value |',
    '|---|---|',
    `| crashes (master exit) | ${r.crashed ? `1 (${r.masterExit})` : 0} |`,
    `| liveness pings (test.ping to every minion) | ${r.pings.count}, ${r.pings.late} slower than ${r.pings.bound} ms, ${r.pings.unanswered} unanswered |`,
    `| ping latency, median / max (ms) | ${r.pings.medianMs.toFixed(1)} / ${r.pings.maxMs.toFixed(1)} |`,
    `| final ping | ${r.finalPing ? (r.finalPing.answered ? `answered in ${r.finalPing.ms.toFixed(1)} ms` : `FAILED: ${r.finalPing.error ?? `missing ${r.finalPing.missing.join(', ')}`}`) : 'not sent (master dead)'} |`,
    `| master RSS before / after / peak (MiB) | ${mib(r.master.before.rss)} / ${a ? mib(a.rss) : '-'} / ${a ? mib(a.hwm) : '-'} |`,
    `| master RSS anonymous before / after (MiB) | ${mib(r.master.before.rssAnon)} / ${a ? mib(a.rssAnon) : '-'} |`,
    `| master open fds before / after | ${r.master.before.fds} / ${a ? a.fds : '-'} |`,
    `| master CPU (s) | ${a ? (a.cpu - r.master.before.cpu).toFixed(1) : '-'} |`,
    `| log bytes written (log file / console) | ${r.logBytes.file} / ${r.logBytes.console} |`,
    `| keys filed (pending / denied) | ${r.keys.pending} / ${r.keys.denied} |`,
  ];
  const internal = Object.entries(r.byKind).flatMap(([kind, k]) => Object.entries(k.samples).filter(([o]) => o.endsWith('internal')).map(([o, s]) => `- ${kind} ${o}: ${s.join(' | ')}`));
  if (internal.length) lines.push('', 'Internal errors (a handler threw something unexpected):', ...internal);
  for (const f of r.pings.failures) lines.push(`- ping ${f.answered ? 'late' : 'FAILED'}: ${f.ms.toFixed(0)} ms${f.missing.length ? `, missing ${f.missing.join(', ')}` : ''}${f.error ? `, ${f.error}` : ''}`);
  if (r.kept) lines.push('', `The master died; its folder is kept: ${r.kept}`);
  lines.push('', r.ok ? 'PASS' : 'FAIL');
  return lines.join('\n');
}
