/**
 * The contract shared by every outputter: the salt CLI calls one once per
 * minion return, as returns arrive, with `{ [minionId]: returnValue }`, and
 * writes the text it gets back followed by '\n' (Salt's display_output).
 */

/**
 * Options the CLI passes to every outputter.
 * - `color`: emit ANSI colours (see `useColor`); only nested and highstate use it.
 * - `retcode`: the minion's return code; non-zero draws nested's keys and
 *   markers in red, as Salt's `_retcode`. Absent means 0.
 */
export interface OutputOptions {
  color: boolean;
  retcode?: number;
  /** highstate: Salt's `--state-output` (full, terse, mixed, changes; `_id` suffix allowed). Absent means full. */
  stateOutput?: string;
  /** Salt's `--out-indent`: spaces per level (json, yaml, pprint), negative for one line, 'pretty' for 4 with sorted keys. Absent means the outputter's default. */
  outIndent?: number | 'pretty';
  /** highstate: Salt's `--state-verbose`; false hides states that succeeded without changes. Absent means true. */
  stateVerbose?: boolean;
}

/**
 * An outputter: formats one return mapping as text with no trailing
 * whitespace (Salt's try_printout strips it), ready to be printed with '\n'.
 */
export type Outputter = (data: unknown, opts: OutputOptions) => string;
