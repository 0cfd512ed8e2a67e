/**
 * The words shell completion offers (completion.ts), each list behind a
 * function that loads what it lists only when called: the CLIs' normal
 * start-up never loads the module registry for them.
 */
import { LOG_LEVELS } from '@brine/core/log';
import { STATE_OUTPUT_MODES } from './options';

/** The words one position completes to; called only while completing. */
export type CandidateSource = () => readonly string[] | Promise<readonly string[]>;

/** `module.function` names of the built-in execution modules (modules/index.ts), as users type them (`pkg.install`). */
export const moduleFunctions: CandidateSource = () => {
  const { MODULES } = require('@brine/modules/index') as typeof import('@brine/modules/index');
  const { moduleKey } = require('@brine/core/loader/define') as typeof import('@brine/core/loader/define');
  return MODULES.flatMap((def) => Object.keys(def.functions).map((fn) => `${moduleKey(def)}.${fn}`)).sort();
};

/** `runner.function` names salt-run knows (runners/index.ts). */
export const runnerFunctions: CandidateSource = () => {
  const { RUNNERS } = require('@brine/cli/runners/index') as typeof import('@brine/cli/runners/index');
  return RUNNERS.flatMap((r) => Object.keys(r.functions).map((fn) => `${r.name}.${fn}`)).sort();
};

/** The outputter names `--out` takes (output/index.ts). */
export const outputterNames: CandidateSource = () => Object.keys((require('@brine/cli/output/index') as typeof import('@brine/cli/output/index')).outputters).sort();

/** The values of the shared options (options.ts), by option key; a command can add its own (CommandSpec.complete). */
export const OPTION_VALUES: Readonly<Record<string, CandidateSource>> = {
  out: outputterNames,
  'log-level': () => [...LOG_LEVELS, 'quiet'],
  'state-output': () => STATE_OUTPUT_MODES,
};
