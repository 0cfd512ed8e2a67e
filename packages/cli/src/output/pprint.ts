/**
 * Salt's pprint outputter (salt/output/pprint_out.py): Python's pprint.pformat.
 */
import { compareCodePoints, isDict, pyStrRepr } from '@brine/core/python';
import { pyRepr } from '@brine/core/jinja/runtime/values';
import type { OutputOptions } from './types';

/** pprint's default line width. */
const WIDTH = 80;

/** repr() with dict keys sorted, as pprint prints mappings. */
function sortedRepr(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(sortedRepr).join(', ')}]`;
  if (isDict(value)) {
    const keys = Object.keys(value).sort(compareCodePoints);
    return `{${keys.map((k) => `${pyStrRepr(k)}: ${sortedRepr(value[k])}`).join(', ')}}`;
  }
  return pyRepr(value);
}

/**
 * Lay out `value` starting at column `indent`, with `allowance` columns kept
 * free after it (for the commas and brackets that close its parents); a
 * broken container's entries sit `per` columns in from its bracket.
 */
function layout(value: unknown, indent: number, allowance: number, per: number): string {
  const rep = sortedRepr(value);
  if (rep.length <= WIDTH - indent - allowance) return rep;
  const open = (bracket: string) => bracket + ' '.repeat(Math.max(per - 1, 0));
  const sep = `,\n${' '.repeat(indent + per)}`;
  if (isDict(value)) {
    const keys = Object.keys(value).sort(compareCodePoints);
    if (keys.length === 0) return rep;
    return `${open('{')}${keys
      .map((k, i) => {
        const head = `${pyStrRepr(k)}: `;
        return head + layout(value[k], indent + per + head.length, i === keys.length - 1 ? allowance + 1 : 1, per);
      })
      .join(sep)}}`;
  }
  if (Array.isArray(value) && value.length > 0) {
    return `${open('[')}${value.map((v, i) => layout(v, indent + per, i === value.length - 1 ? allowance + 1 : 1, per)).join(sep)}]`;
  }
  return rep;
}

/**
 * Format data as Python's `pprint.pformat`, as Salt's pprint outputter:
 * Python's repr with dict keys sorted, on one line when it fits in 80
 * columns, otherwise one dict entry or list item per line, aligned under the
 * opening bracket (`{'minion1': True}`). A non-negative `--out-indent` is
 * pformat's `indent`: the columns each level's entries sit in from their
 * bracket (1 by default). Differs from Python only for a single string longer
 * than a line, which pprint would split into adjacent literals.
 */
export function pprint(data: unknown, opts?: Pick<OutputOptions, 'outIndent'>): string {
  const per = typeof opts?.outIndent === 'number' && opts.outIndent >= 0 ? opts.outIndent : 1;
  return layout(data, 0, 0, per);
}
