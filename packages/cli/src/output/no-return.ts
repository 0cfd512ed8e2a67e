/**
 * Salt's no_return outputter (salt/output/no_return.py).
 */
import { theme } from './colors';
import { compareCodePoints, isDict, rstrip } from '@brine/core/python';
import type { OutputOptions } from './types';

/**
 * Print only the keys and text of a return, as Salt's no_return (meant for
 * minions that did not return): each key of a mapping in sorted order as
 * `key:` with its value 4 spaces deeper, each line of a string, and nothing
 * for other values, so `{'minion1': True}` prints `minion1:`. With `color`,
 * keys are cyan and text red.
 */
export function noReturn(data: unknown, opts: OutputOptions): string {
  const c = theme(opts.color);
  const paint = (color: string, text: string) => `${color}${text}${c.ENDC}`;
  const out: string[] = [];
  const walk = (value: unknown, indent: number): void => {
    if (typeof value === 'string') {
      for (const line of value.split('\n')) out.push(paint(c.RED, ' '.repeat(indent) + line));
    } else if (isDict(value)) {
      for (const key of Object.keys(value).sort(compareCodePoints)) {
        out.push(paint(c.CYAN, `${' '.repeat(indent)}${key}:`));
        walk(value[key], indent + 4);
      }
    }
  };
  walk(data, 0);
  return rstrip(out.join('\n'));
}
