/**
 * The outputter registry behind `--out`, and the colour decision.
 */
import { SaltInvocationError } from '@brine/core/errors';
import { highstate } from './highstate';
import { json } from './json';
import { key } from './key';
import { nested } from './nested';
import { newlineValuesOnly } from './newline-values-only';
import { noReturn } from './no-return';
import { pprint } from './pprint';
import { quiet } from './quiet';
import { raw } from './raw';
import { table } from './table';
import { txt } from './txt';
import type { Outputter } from './types';
import { yaml } from './yaml';

export type { OutputOptions, Outputter } from './types';

/**
 * Every outputter, keyed by the name users give to `--out` (Salt's names).
 * A new outputter is one file exporting an `Outputter` and
 * one entry here.
 */
export const outputters = {
  nested, json, yaml, txt, raw, highstate, key, pprint, quiet, table,
  newline_values_only: newlineValuesOnly, no_return: noReturn,
} satisfies Record<string, Outputter>;

/** A name `getOutputter` accepts. */
export type OutputterName = keyof typeof outputters;

/**
 * The outputter called `name` (e.g. 'nested', 'json').
 * Throws SaltInvocationError naming the known outputters for any other name
 * (where Salt would log an error and fall back to nested).
 */
export function getOutputter(name: string): Outputter {
  if (Object.hasOwn(outputters, name)) return outputters[name as OutputterName];
  const known = Object.keys(outputters).sort().join(', ');
  throw new SaltInvocationError(`Unknown outputter '${name}'. Known outputters: ${known}`, `Pass one of them to --out: ${known}.`);
}

/**
 * Whether to print ANSI colours on `stream`, deciding in this order:
 * `--no-color` (`noColor: true`) turns them off; `--force-color`
 * (`forceColor: true`) or a FORCE_COLOR other than '' or '0' turns them on,
 * even on a pipe, as Salt's --force-color; a non-empty NO_COLOR
 * (no-color.org) turns them off; otherwise colour only on a TTY, as Salt.
 * `env` defaults to process.env.
 */
export function useColor(opts: {
  noColor: boolean;
  forceColor?: boolean;
  stream: Pick<NodeJS.WriteStream, 'isTTY'>;
  env?: NodeJS.ProcessEnv;
}): boolean {
  const env = opts.env ?? process.env;
  if (opts.noColor) return false;
  if (opts.forceColor) return true;
  if (env.FORCE_COLOR && env.FORCE_COLOR !== '0') return true;
  if (env.NO_COLOR) return false;
  return opts.stream.isTTY === true;
}
