/**
 * Shell completion for every command, on yargs' completion protocol:
 * `<cli> --completion` prints yargs' bash (or, when $SHELL is zsh, zsh)
 * script for each command of the registry (commands/index.ts), and the
 * script asks `<cli> --get-yargs-completions <cli> <words...>` on each TAB.
 * The answer is one candidate a line, those starting with the word being
 * completed: option names from yargs (as declared, never camelCased), the
 * values of an option that takes one (`--out`, `-l`), else the command's
 * positional words (salt's `module.function`). Nothing connects to a master.
 * command.ts loads this file only when completing or printing the script.
 */
import yargs, { type Argv } from 'yargs';
import { OPTION_VALUES, type CandidateSource } from './completion-sources';
import { splitGluedValues, type OptionNames } from './command';

/** The flag that prints the completion script, as yargs' scripts name it in their install line. */
export const COMPLETION_FLAG = '--completion';

/** What a command completes beyond its option names (CommandSpec.complete). */
export interface CompletionSpec {
  /** What each positional word completes to, in order (salt's: nothing for the target, then `module.function`). */
  words?: readonly (CandidateSource | undefined)[];
  /** The values of the command's own options, by option key (the shared options' are in OPTION_VALUES). */
  values?: Readonly<Record<string, CandidateSource>>;
}

/** Whether `word` is a `:` or `=` that bash split off as a word of its own (COMP_WORDBREAKS): `os:Debian` is three words. */
const isBreak = (word: string | undefined) => word === ':' || word === '=';

/**
 * Where the last of `words` stands: after an option that takes a value (its key), or as the
 * index-th positional word. Bash splits `os:Debian` and `--out=json` at `:` and `=`; those
 * pieces are joined back to the word they belong to.
 */
function position(words: readonly string[], names: OptionNames): { option: string } | { index: number } {
  let index = 0;
  let pending: string | undefined;
  let afterDashes = false;
  const last = words.length - 1;
  for (let i = 0; i <= last; i++) {
    const word = words[i];
    const glued = isBreak(word) || isBreak(words[i - 1]);
    if (i === last) {
      if (pending !== undefined) return { option: pending };
      // `--out=` then the value: bash gave `--out`, `=`, and the value as three words.
      if (word !== '=' && words[i - 1] === '=' && words[i - 2]?.startsWith('-')) {
        const key = names.keys.get(words[i - 2].replace(/^-+/, ''));
        if (key !== undefined) return { option: key };
      }
      return { index: glued && index > 0 ? index - 1 : index };
    }
    if (pending !== undefined) {
      pending = undefined;
    } else if (!afterDashes && word === '--') {
      afterDashes = true;
    } else if (!afterDashes && /^-./.test(word) && !word.includes('=')) {
      // After splitGluedValues, a short word takes the next word as its value only when its last letter does.
      const name = word.startsWith('--') ? word.slice(2) : word[word.length - 1];
      if (names.known.has(name) && !names.flags.has(name)) pending = names.keys.get(name);
    } else if (!glued && (afterDashes || !/^-./.test(word))) {
      index++;
    }
  }
  return { index };
}

/** The option name of a yargs candidate: zsh's are `--name:description`. */
const candidateName = (candidate: string) => candidate.split(/(?<!\\):/)[0];

/**
 * The candidates for the last of `words`, as the completion protocol prints them.
 * @param parser the command's yargs parser, its options declared
 * @param names the parser's option names (command.ts optionNames)
 * @param spec what the command's positional words and own options complete to
 * @param words the words after the executable's name, the last being completed ('' after a space)
 * @returns the candidates that start with the last word: option values, option names (`--out`) or positional
 *   words (`test.ping`); empty when nothing is known there, and the shell completes file names
 * @throws what a candidate source throws (none is expected to)
 */
export async function completions(parser: Argv, names: OptionNames, spec: CompletionSpec | undefined, words: readonly string[]): Promise<string[]> {
  const current = words[words.length - 1] ?? '';
  // `-lquiet` is `-l quiet` before the word being completed; that word is matched as typed.
  const at = position([...splitGluedValues(words.slice(0, -1), names), current], names);
  const matching = (all: readonly string[]) => all.filter((c) => c.startsWith(current));
  if ('option' in at) {
    const source = spec?.values?.[at.option] ?? OPTION_VALUES[at.option];
    return source ? matching(await source()) : [];
  }
  // `--out=js` in one word (zsh does not split at '='): its values, each with the option before it.
  const inline = /^(--?[^=]+)=/.exec(current);
  if (inline) {
    const key = names.keys.get(inline[1].replace(/^-+/, ''));
    const source = key === undefined ? undefined : (spec?.values?.[key] ?? OPTION_VALUES[key]);
    return source ? matching((await source()).map((v) => `${inline[1]}=${v}`)) : [];
  }
  const source = current.startsWith('-') ? undefined : spec?.words?.[at.index];
  if (source) return matching(await source());
  if (current !== '' && !current.startsWith('-')) return [];
  // Option names, from yargs: it leaves out those already given. Its protocol takes the executable's name first.
  // After `--` it also offers the one-letter names with two dashes (`--c`), which no parser takes: left out.
  const name = (parser as unknown as { $0: string }).$0;
  const offered = await parser.getCompletion([name, ...words]);
  return offered.filter((c) => candidateName(c).startsWith(current) && !/^--.$/.test(candidateName(c)));
}

/**
 * Print the completion script of each command in the registry to stdout, from yargs' templates: bash's, or
 * zsh's when $SHELL (or $ZSH_NAME) names zsh, as yargs decides. Their install line names {@link COMPLETION_FLAG}.
 */
export async function printCompletionScripts(): Promise<void> {
  const { COMMANDS } = require('@brine/cli/commands/index') as typeof import('@brine/cli/commands/index');
  // yargs' type declarations leave out showCompletionScript's arguments: the executable's name and the flag.
  for (const { name } of COMMANDS) (yargs([]) as unknown as { showCompletionScript(name: string, flag: string): void }).showCompletionScript(name, COMPLETION_FLAG);
}
