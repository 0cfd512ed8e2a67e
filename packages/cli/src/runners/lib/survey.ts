/**
 * The aggregation behind the survey runner (Salt's salt/runners/survey.py,
 * after MCollective's aggregate reports): minions whose answers print the
 * same as Python's str() share a pool, and pools are sorted by size; the
 * differences between pools are shown as Python's difflib.unified_diff with
 * no context lines.
 */
import { SequenceMatcher } from 'difflib';
import { splitlines } from '@brine/core/python';
import { pyRepr, pyStr } from '@brine/core/jinja/runtime/values';

/** One pool: the minions (sorted) whose answers read the same, and that answer as Python's str() prints it. */
export interface SurveyPool {
  pool: string[];
  result: string;
}

/**
 * Group answers by their text and sort the groups by size: largest first with `sort` 'down' (Salt's default),
 * smallest first with 'up'; pools of one size keep the order of their first minion.
 */
export function surveyPools(answers: Map<string, unknown>, sort: 'up' | 'down' = 'down'): SurveyPool[] {
  const pools = new Map<string, SurveyPool>();
  for (const id of [...answers.keys()].sort()) {
    const result = pyStr(answers.get(id));
    const p = pools.get(result) ?? { pool: [], result };
    pools.set(result, p);
    p.pool.push(id);
  }
  const dir = sort === 'up' ? 1 : -1;
  return [...pools.values()].sort((a, b) => dir * (a.pool.length - b.pool.length));
}

type Opcode = ['replace' | 'delete' | 'insert' | 'equal', number, number, number, number];

/** Python's difflib._format_range_unified: a hunk's range as `start,length` (just `start` for one line). */
function unifiedRange(start: number, stop: number): string {
  const length = stop - start;
  if (length === 1) return String(start + 1);
  return `${length ? start + 1 : start},${length}`;
}

/**
 * Python's `''.join(difflib.unified_diff(a, b, fromfile, tofile, n=0))` over the lines of `a` and `b`
 * (str.splitlines(), each given back its newline), as survey.diff builds them: '' when they are the same.
 */
export function unifiedDiff0(a: string, b: string, fromfile: string, tofile: string): string {
  const from = splitlines(a).map((l) => `${l}\n`);
  const to = splitlines(b).map((l) => `${l}\n`);
  // difflib's typings omit getGroupedOpcodes, Python's get_grouped_opcodes (its unifiedDiff ignores `n`).
  const matcher = new SequenceMatcher(null, from, to) as unknown as { getGroupedOpcodes(n: number): Opcode[][] };
  let out = '';
  for (const group of matcher.getGroupedOpcodes(0)) {
    if (!out) out = `--- ${fromfile}\n+++ ${tofile}\n`;
    const [first, last] = [group[0], group[group.length - 1]];
    out += `@@ -${unifiedRange(first[1], last[2])} +${unifiedRange(first[3], last[4])} @@\n`;
    for (const [tag, i1, i2, j1, j2] of group) {
      if (tag === 'equal') {
        for (const line of from.slice(i1, i2)) out += ` ${line}`;
        continue;
      }
      if (tag === 'replace' || tag === 'delete') for (const line of from.slice(i1, i2)) out += `-${line}`;
      if (tag === 'replace' || tag === 'insert') for (const line of to.slice(j1, j2)) out += `+${line}`;
    }
  }
  return out;
}

/**
 * What Salt's survey.diff prints before its result: for each pool its minions and size, then the first pool's
 * result, and for every later pool its differences from the first pool's result.
 */
export function surveyDiffText(pools: SurveyPool[]): string {
  let out = '';
  const print = (text = '') => (out += `${text}\n`);
  pools.forEach((p, i) => {
    print('minion pool :\n------------');
    print(pyRepr(p.pool));
    print('pool size :\n----------');
    print(`    ${p.pool.length}`);
    if (i === 0) {
      print('pool result :\n------------');
      print(`    ${p.result}`);
      print();
      return;
    }
    const head = `differences from "${pools[0].pool[0]}" results :`;
    print(head);
    print('-'.repeat(head.length - 1));
    print(unifiedDiff0(pools[0].result, p.result, pools[0].pool[0], p.pool[0]));
    print();
  });
  return out;
}
