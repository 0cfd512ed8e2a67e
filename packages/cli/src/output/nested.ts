/**
 * Salt's default outputter (salt/output/nested.py), reproduced line for line.
 */
import { theme } from './colors';
import { compareCodePoints, isDict, rstrip, splitlines } from '@brine/core/python';
import { pyRepr } from '@brine/core/jinja/runtime/values';
import type { OutputOptions } from './types';

/** True for the values Salt prints light yellow: None, booleans and numbers. */
function isScalar(value: unknown): boolean {
  const type = typeof value;
  return value === null || type === 'undefined' || type === 'boolean' || type === 'number' || type === 'bigint';
}

/**
 * Options of `nested`: those of every outputter, plus `indent`, the column
 * the data starts at (Salt's `nested_indent`; highstate prints a state's
 * changes with 14). A non-zero indent also draws `----------` above a
 * top-level mapping, as in Salt.
 */
export interface NestedOptions extends OutputOptions {
  indent?: number;
}

/**
 * Format data as Salt's nested outputter does, e.g. `{minion1: {os: 'Debian'}}`
 * gives `minion1:\n    ----------\n    os:\n        Debian`.
 *
 * - Mappings: keys sorted by code point, `key:` then the value 4 columns
 *   deeper; a mapping below the top level first prints `----------`.
 * - Lists: `- item` for scalars; `|_` then the element 2 columns deeper for
 *   a nested list (its items `- `) or mapping.
 * - Strings: one line per Python `splitlines()` line, so `''` prints nothing
 *   and an empty inner line prints only the indent; after a `- ` the
 *   following lines are aligned under the first.
 * - null/undefined, booleans, numbers: Python's `None`, `True`/`False`, repr.
 * - Other values (class instances, functions) print nothing, as in Salt.
 *
 * With `opts.color`, keys and `----------` are cyan, `|_` and strings green,
 * scalars light yellow; a non-zero `opts.retcode` turns keys, `----------`
 * and `|_` red. Returns the lines joined by '\n', trailing whitespace removed.
 */
export function nested(data: unknown, opts: NestedOptions): string {
  const c = theme(opts.color);
  const failed = (opts.retcode ?? 0) !== 0;
  const keyColor = failed ? c.RED : c.CYAN;
  const listColor = failed ? c.RED : c.GREEN;
  const out: string[] = [];

  const emit = (indent: number, color: string, msg: string, prefix = '', suffix = ''): void => {
    out.push(`${' '.repeat(indent)}${color}${prefix}${msg}${c.ENDC}${suffix}`);
  };

  const display = (value: unknown, indent: number, prefix: string): void => {
    if (typeof value === 'string') {
      splitlines(value).forEach((line, i) => {
        emit(indent, c.GREEN, line, i === 0 ? prefix : ' '.repeat(prefix.length));
      });
    } else if (Array.isArray(value)) {
      for (const item of value) {
        if (Array.isArray(item) || isDict(item)) {
          emit(indent, listColor, '|_');
          display(item, indent + 2, isDict(item) ? '' : '- ');
        } else {
          display(item, indent, '- ');
        }
      }
    } else if (isDict(value)) {
      if (indent) emit(indent, keyColor, '----------');
      for (const key of Object.keys(value).sort(compareCodePoints)) {
        emit(indent, keyColor, key, prefix, ':');
        display(value[key], indent + 4, '');
      }
    } else if (isScalar(value)) {
      emit(indent, c.LIGHT_YELLOW, pyRepr(value), prefix);
    }
  };

  display(data, opts.indent ?? 0, '');
  return rstrip(out.join('\n'));
}
