/**
 * The target-type flags of the CLIs that publish jobs (salt, salt-cp), as
 * Salt's: each flag selects the tgt_type its target is read as, and a -L
 * target is sent as a list of ids.
 */
import type { Argv } from 'yargs';
import { SaltInvocationError } from '@brine/core/errors';
import type { TargetType } from '@brine/core/protocol/v1/loads';

/** One target-type flag: its long name, its short alias, the tgt_type it selects, and its help. */
export type TargetFlag = [flag: string, alias: string, type: TargetType, help: string];

/** Every target-type flag of the salt CLI (salt-cp takes a subset: its -C is --chunked). */
export const TARGET_FLAGS: TargetFlag[] = [
  ['pcre', 'E', 'pcre', 'Target with a regular expression on minion ids'],
  ['list', 'L', 'list', 'Target a comma-separated list of minion ids'],
  ['grain', 'G', 'grain', "Target on a grain value: 'os:Debian', globs allowed"],
  ['grain-pcre', 'P', 'grain_pcre', "Target on a grain value with a regular expression: 'os:Deb.*'"],
  ['pillar', 'I', 'pillar', "Target on a pillar value: 'role:web'"],
  ['pillar-pcre', 'J', 'pillar_pcre', 'Target on a pillar value with a regular expression'],
  ['ipcidr', 'S', 'ipcidr', "Target on an address or subnet: '10.0.0.0/8'"],
  ['nodegroup', 'N', 'nodegroup', 'Target a nodegroup from the master config'],
  ['compound', 'C', 'compound', "Target with a compound expression: 'G@os:Debian and web*'"],
];

/** A -L target as Salt's CLI sends it: the ids split on commas (spaces dropped), else on whitespace. */
export function listTarget(tgt: string): string[] {
  return tgt.includes(',') ? tgt.replace(/ /g, '').split(',') : tgt.split(/\s+/).filter(Boolean);
}

/**
 * The target and tgt_type the flags set in `a` select for the target word `tgt` (glob when none is).
 * @param flags the flags the CLI takes
 * @throws SaltInvocationError when more than one is set
 */
export function selectTarget(tgt: string, a: Record<string, unknown>, flags: readonly TargetFlag[]): { target: string | string[]; tgtType: TargetType } {
  const chosen = flags.filter(([flag]) => a[flag]);
  if (chosen.length > 1) throw new SaltInvocationError(`Choose one target type, not ${chosen.map(([f]) => `--${f}`).join(' and ')}`);
  const tgtType = chosen[0]?.[2] ?? 'glob';
  return { target: tgtType === 'list' ? listTarget(tgt) : tgt, tgtType };
}

/**
 * Add `flags` to a parser as boolean options under `Target Options`, and
 * `--delimiter` (described by `delimiterHelp`) under `Additional Target Options`, as Salt's help groups them.
 */
export function targetOptions<T>(y: Argv<T>, flags: readonly TargetFlag[], delimiterHelp: string) {
  let opts = y;
  for (const [flag, alias, , help] of flags) opts = opts.option(flag, { alias, type: 'boolean', default: false, describe: help });
  return opts
    .group(flags.map(([flag]) => flag), 'Target Options:')
    .option('delimiter', { type: 'string', describe: delimiterHelp })
    .group(['delimiter'], 'Additional Target Options:');
}
