/**
 * Salt's json outputter (salt/output/json_out.py).
 */
import { jsonDumps } from '@brine/core/python-json';
import type { OutputOptions } from './types';

/**
 * Format data as JSON, as Salt's json outputter (`json.dumps(data,
 * indent=..., sort_keys=..., ensure_ascii=False)`): indented by 4 spaces, or
 * by `--out-indent` N spaces (0 keeps the line breaks without indenting), on
 * one line with Python's `, ` and `: ` separators for a negative N, or by 4
 * with every mapping's keys sorted for `pretty`. Numbers as Python prints
 * them (`1e-05`); integral floats print as integers (brine's data cannot tell
 * them from ints).
 */
export function json(data: unknown, opts?: Pick<OutputOptions, 'outIndent'>): string {
  const indent = opts?.outIndent;
  const pretty = indent === 'pretty';
  return jsonDumps(data, {
    indent: indent === undefined || pretty ? 4 : indent < 0 ? null : indent,
    sortKeys: pretty,
    ensureAscii: false,
  });
}
