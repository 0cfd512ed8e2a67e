/**
 * Unified line diffs for the `diff` change of file states, in the text Salt
 * shows: Python's `difflib.unified_diff` with empty file names ("--- " and
 * "+++ " headers) and three lines of context. Matching lines come from
 * Myers' O(ND) shortest edit script, after trimming the common head and tail.
 * A last line without a newline is followed by "\ No newline at end of file",
 * as GNU diff, so that such a change stays visible.
 */

/** One run of the edit script: lines [i1, i2) of `a` against [j1, j2) of `b`, as difflib's opcodes. */
interface Opcode {
  tag: 'equal' | 'delete' | 'insert' | 'replace';
  i1: number;
  i2: number;
  j1: number;
  j2: number;
}

/** Lines of context around each change. */
const CONTEXT = 3;

/**
 * Differences past which the search stops and the rest is shown as one
 * replacement: it bounds time and memory (the search keeps O(D²) numbers).
 */
const MAX_EDITS = 2000;

/** Split text into lines that keep their '\n' (the last may lack it); '' has no lines. */
export function splitLines(text: string): string[] {
  return text === '' ? [] : text.split(/(?<=\n)/);
}

/**
 * Matched line pairs [i, j] (a[i] === b[j]) of a shortest edit script, ascending,
 * or undefined when more than {@link MAX_EDITS} differences separate a and b.
 */
function myersMatches(a: string[], b: string[]): Array<[number, number]> | undefined {
  const n = a.length;
  const m = b.length;
  const off = n + m + 1;
  const v = new Int32Array(2 * off + 1);
  // trace[d] holds v for diagonals k in [-d-1, d+1] (at index k + d + 1) before step d.
  const trace: Int32Array[] = [];
  for (let d = 0; d <= n + m && d <= MAX_EDITS; d++) {
    trace.push(v.slice(off - d - 1, off + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[off + k - 1] < v[off + k + 1]) ? v[off + k + 1] : v[off + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[off + k] = x;
      if (x >= n && y >= m) return backtrack(trace, n, m);
    }
  }
  return undefined;
}

/** Walk the trace back from (n, m), collecting the diagonal (matching) moves. */
function backtrack(trace: Int32Array[], n: number, m: number): Array<[number, number]> {
  const matches: Array<[number, number]> = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0 && (x > 0 || y > 0); d--) {
    const at = (k: number): number => trace[d][k + d + 1];
    const k = x - y;
    const prevK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      x--;
      y--;
      matches.push([x, y]);
    }
    x = prevX;
    y = prevY;
  }
  return matches.reverse();
}

/** The edit script from a to b as opcodes, as difflib's `get_opcodes`. */
function opcodes(a: string[], b: string[]): Opcode[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  const inner = myersMatches(midA, midB) ?? [];
  const matches: Array<[number, number]> = [
    ...Array.from({ length: head }, (_, i): [number, number] => [i, i]),
    ...inner.map(([i, j]): [number, number] => [i + head, j + head]),
    ...Array.from({ length: tail }, (_, t): [number, number] => [a.length - tail + t, b.length - tail + t]),
    [a.length, b.length], // sentinel: flushes the last change
  ];
  const codes: Opcode[] = [];
  let i = 0;
  let j = 0;
  for (const [mi, mj] of matches) {
    if (mi > i || mj > j) codes.push({ tag: mi === i ? 'insert' : mj === j ? 'delete' : 'replace', i1: i, i2: mi, j1: j, j2: mj });
    if (mi === a.length) break;
    const last = codes[codes.length - 1];
    if (last?.tag === 'equal' && last.i2 === mi) {
      last.i2++;
      last.j2++;
    } else {
      codes.push({ tag: 'equal', i1: mi, i2: mi + 1, j1: mj, j2: mj + 1 });
    }
    i = mi + 1;
    j = mj + 1;
  }
  return codes;
}

/** Hunks of changes with {@link CONTEXT} lines around them, as difflib's `get_grouped_opcodes`. */
function hunks(codes: Opcode[]): Opcode[][] {
  const n = CONTEXT;
  const first = codes[0];
  if (first?.tag === 'equal') codes[0] = { ...first, i1: Math.max(first.i1, first.i2 - n), j1: Math.max(first.j1, first.j2 - n) };
  const last = codes[codes.length - 1];
  if (last?.tag === 'equal') codes[codes.length - 1] = { ...last, i2: Math.min(last.i2, last.i1 + n), j2: Math.min(last.j2, last.j1 + n) };
  const groups: Opcode[][] = [];
  let group: Opcode[] = [];
  for (const code of codes) {
    let { i1, j1 } = code;
    if (code.tag === 'equal' && code.i2 - code.i1 > 2 * n) {
      group.push({ ...code, i2: Math.min(code.i2, i1 + n), j2: Math.min(code.j2, j1 + n) });
      groups.push(group);
      group = [];
      i1 = Math.max(i1, code.i2 - n);
      j1 = Math.max(j1, code.j2 - n);
    }
    group.push({ ...code, i1, j1 });
  }
  if (group.length && !(group.length === 1 && group[0].tag === 'equal')) groups.push(group);
  return groups;
}

/** difflib's `_format_range_unified`: "start,length" (1-based), "start" for one line. */
function range(start: number, stop: number): string {
  const length = stop - start;
  if (length === 1) return String(start + 1);
  return `${length === 0 ? start : start + 1},${length}`;
}

/** One output line with its prefix; a line without a newline gets GNU diff's marker. */
function line(prefix: string, text: string): string {
  return text.endsWith('\n') ? prefix + text : `${prefix}${text}\n\\ No newline at end of file\n`;
}

/**
 * The unified diff from `before` to `after`, as Salt shows it in a file state's changes.
 * @returns '' when the texts are equal
 */
export function unifiedDiff(before: string, after: string): string {
  const a = splitLines(before);
  const b = splitLines(after);
  const groups = hunks(opcodes(a, b));
  if (groups.length === 0) return '';
  let out = '--- \n+++ \n';
  for (const group of groups) {
    const first = group[0];
    const last = group[group.length - 1];
    out += `@@ -${range(first.i1, last.i2)} +${range(first.j1, last.j2)} @@\n`;
    for (const { tag, i1, i2, j1, j2 } of group) {
      if (tag === 'equal') out += a.slice(i1, i2).map((l) => line(' ', l)).join('');
      if (tag === 'delete' || tag === 'replace') out += a.slice(i1, i2).map((l) => line('-', l)).join('');
      if (tag === 'insert' || tag === 'replace') out += b.slice(j1, j2).map((l) => line('+', l)).join('');
    }
  }
  return out;
}

/**
 * True when `data` reads as text, as Salt's `salt.utils.files.is_text`: no
 * NUL byte and valid UTF-8. Salt shows a diff only between texts and says
 * "Replace binary file" otherwise.
 */
export function isText(data: Buffer): boolean {
  if (data.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(data);
    return true;
  } catch {
    return false;
  }
}
