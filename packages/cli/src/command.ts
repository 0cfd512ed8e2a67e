/**
 * The CLI command contract, as pnpm's: each command is `{name, usage,
 * groups, options, handler}` in commands/, listed in commands/index.ts, and
 * run by one runner that applies what every command shares:
 * - yargs settings: the script name and usage, Salt's argument parsing (CLI
 *   values stay strings until a module YAML-parses them; `--no-color` is an
 *   option of its own, not the negation of a `--color`), strict options,
 *   `-h/--help`, `--version` (`<cli> <version> (brine)`, as Salt's
 *   `salt 3006.10 (Sulfur)`) and `-V/--versions-report` (versions-report.ts);
 * - shell completion (completion.ts): `--completion` prints the bash or zsh
 *   script, and the scripts' `--get-yargs-completions` requests are answered
 *   before anything else is parsed or loaded;
 * - a command line it cannot parse ends as Salt's optparse error: the usage
 *   line, a blank line and `<cli>: error: no such option: --foo` on stderr,
 *   exit 64 (EX_USAGE), instead of yargs' whole usage;
 * - the option groups the command lists (options.ts), whose argument types
 *   reach the command's own options and its handler;
 * - how a command ends: its exit code, or on an error `ERROR: message` (and
 *   the hint) on stderr and the exit code of the error's code (exit-codes.ts),
 *   never a stack trace.
 */
import yargs, { type Argv } from 'yargs';
import { errorCode, errorMessage, SaltError } from '@brine/core/errors';
import { EX_USAGE, exitCodeFor } from './exit-codes';
import type { CompletionSpec } from './completion';
import type { OptionGroup } from './options';
import { internals } from './yargs-internals';

/** The argument types an option group adds. */
type ArgsOf<G> = G extends (y: Argv) => Argv<infer T> ? T : never;
/** The intersection of the members of a union. */
type Intersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
/** The argument types of a list of option groups, together. */
export type GroupArgs<Gs extends readonly OptionGroup[]> = Intersection<ArgsOf<Gs[number]>>;

/** What a handler receives: the parsed options as yargs gives them, with the positional words as strings (`_`). */
export type Parsed<A> = ReturnType<Argv<A>['parseSync']> & { _: string[] };

/** A command as declared in commands/. */
export interface CommandSpec<Gs extends readonly OptionGroup[], A> {
  /** The executable's name (`salt-key`); it names the file in commands/. */
  name: string;
  /** The first line of `--help`, as Salt's (`Usage: salt-key [options]`). */
  usage: string;
  /** The paragraph `--help` prints under the usage line. */
  description?: string;
  /** The shared option groups it takes, applied in order before its own options. */
  groups: Gs;
  /** Its own options, added to yargs after the groups. */
  options: (y: Argv<GroupArgs<Gs>>) => Argv<A>;
  /** What shell completion offers for its positional words and its own options' values (option names need nothing). */
  complete?: CompletionSpec;
  /**
   * Do the work.
   * @returns the exit code
   * @throws any error: the runner prints it and exits with its code's exit code
   */
  handler(args: Parsed<A>): Promise<number>;
}

/** A command ready to run, its types bound. */
export interface CliCommand {
  name: string;
  usage: string;
  /**
   * Parse `argv` (the words after the executable) and run the handler.
   * @returns the handler's exit code
   * @throws what the handler throws
   */
  run(argv: string[]): Promise<number>;
}

/** A command line yargs refused, reported as Salt's optparse does (see the module note). */
export class UsageError extends Error {
  constructor(
    /** The usage line of the command (`Usage: salt [options] ...`). */
    readonly usage: string,
    /** The executable's name. */
    readonly cli: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Thrown by a handler to end as Salt's CLIs do when a command is missing its
 * words (`salt` alone): the whole help on stdout, `reason` on stderr, and
 * exit code `code` (Salt's salt CLI exits 42).
 */
export class HelpExit extends Error {
  constructor(
    readonly code: number,
    /** Written to stderr as is (Salt's: a blank line, the sentence, a blank line). */
    readonly reason: string,
  ) {
    super(reason.trim());
  }
}

/**
 * The first option word of `argv` that is not a known option, as typed (`--foo`, or `-x` for one letter of a
 * `-xyz` cluster), or undefined when every option word is known. Words after `--` are arguments.
 * @param known option names and aliases, without dashes
 * @param flags the known options that take no value (in a cluster, any other takes the rest of the word)
 */
export function unknownOption(argv: readonly string[], known: ReadonlySet<string>, flags: ReadonlySet<string>): string | undefined {
  for (const word of argv) {
    if (word === '--') return undefined;
    if (word.startsWith('--')) {
      const name = word.slice(2).split('=')[0];
      if (!known.has(name)) return `--${name}`;
    } else if (word.startsWith('-') && word.length > 1) {
      // A cluster of short flags; one that takes a value takes the rest of the word (`-lquiet`).
      for (const letter of word.slice(1)) {
        if (!known.has(letter)) return `-${letter}`;
        if (!flags.has(letter)) break;
      }
    }
  }
  return undefined;
}

/** The option names a parser knows (aliases included, no dashes), those of them that take no value, and the key each names. */
export interface OptionNames {
  known: Set<string>;
  flags: Set<string>;
  /** Each name or alias (`l`, `output`) to the key its option was declared with (`log-level`, `out`). */
  keys: Map<string, string>;
}

/** The {@link OptionNames} of a built parser. */
function optionNames(y: Argv): OptionNames {
  const { key, alias, boolean } = internals(y).getOptions();
  // Each alias group names one option (`-h` and `--help`); a group is a flag when any of its names is boolean.
  const groups = [...Object.keys(key).map((k) => [k]), ...Object.entries(alias).map(([k, names]) => [k, ...names])];
  const isFlag = new Set(boolean);
  return {
    known: new Set(groups.flat()),
    flags: new Set(groups.filter((g) => g.some((n) => isFlag.has(n))).flat()),
    keys: new Map(groups.flatMap((g) => g.map((n) => [n, g[0]] as const))),
  };
}

/**
 * Python optparse's glued short values (`-lquiet`, `-vc/etc/salt`): a word whose first value-taking letter,
 * after any flags, is followed by more characters is split into the option and its value, which yargs
 * would otherwise read as more flags. Words after `--` are left alone.
 */
export function splitGluedValues(argv: readonly string[], { known, flags }: Pick<OptionNames, 'known' | 'flags'>): string[] {
  const out: string[] = [];
  for (const [i, word] of argv.entries()) {
    if (word === '--') return [...out, ...argv.slice(i)];
    if (/^-[^-]./.test(word)) {
      let at = 1;
      while (at < word.length && flags.has(word[at])) at++;
      // The first letter that is not a flag: a known option with characters glued after it takes them as its value.
      if (at < word.length - 1 && known.has(word[at]) && word[at + 1] !== '=') {
        out.push(word.slice(0, at + 1), word.slice(at + 1));
        continue;
      }
    }
    out.push(word);
  }
  return out;
}

/** Salt's reason for a refused command line: the unknown option if there is one, else what yargs said. */
function usageReason(msg: string | null | undefined, err: Error | undefined, argv: string[], names: OptionNames): string {
  const unknown = unknownOption(argv, names.known, names.flags);
  if (unknown) return `no such option: ${unknown}`;
  return err?.message ?? msg ?? 'invalid command line';
}

/** Declare a command: its spec, with the shared yargs settings and option groups bound into `run`. */
export function defineCommand<const Gs extends readonly OptionGroup[], A>(spec: CommandSpec<Gs, A>): CliCommand {
  return {
    name: spec.name,
    usage: spec.usage,
    async run(argv) {
      let y: Argv = yargs(argv)
        .scriptName(spec.name)
        .usage(spec.usage)
        // Salt passes CLI values on as strings; modules YAML-parse them (test.echo 1 is the number 1).
        .parserConfiguration({ 'parse-numbers': false, 'parse-positional-numbers': false, 'boolean-negation': false });
      for (const group of spec.groups) y = group(y);
      // The groups' options are on `y` now; their types are GroupArgs<Gs>, which yargs cannot follow through a loop.
      const parser: Argv = spec
        .options(y as Argv<GroupArgs<Gs>>)
        .strictOptions()
        // Help is printed in Salt's layout (help.ts), not yargs'.
        .help(false)
        .option('help', { alias: 'h', type: 'boolean', describe: 'Show this help message and exit' })
        .version(false)
        .option('version', { type: 'boolean', describe: "Show program's version number and exit" })
        .option('versions-report', { alias: 'V', type: 'boolean', describe: "Show program's dependencies version number and exit" })
        .option('completion', { type: 'boolean', describe: 'Print the bash completion script of every brine command (zsh\'s when $SHELL is zsh) and exit' })
        .fail((msg, err) => {
          throw new UsageError(spec.usage, spec.name, usageReason(msg, err, words, names));
        });
      const names = optionNames(parser);
      // yargs' completion protocol, as its scripts ask: `--get-yargs-completions <cli> <words...>`.
      if (argv[0] === '--get-yargs-completions') {
        // Loaded only here: every TAB runs this, and nothing else of the command needs to load.
        const { completions } = require('@brine/cli/completion') as typeof import('@brine/cli/completion');
        const candidates = await completions(parser, names, spec.complete, argv.slice(2));
        process.stdout.write(candidates.map((c) => `${c}\n`).join(''));
        return 0;
      }
      const words = splitGluedValues(argv, names);
      const a = (parser as Argv<A>).parseSync(words);
      // Loaded only here: only -h and a command missing its words print the help.
      const help = () => (require('@brine/cli/help-page') as typeof import('@brine/cli/help-page')).helpText(parser, spec.usage, spec.description);
      if ((a as { help?: boolean }).help) {
        process.stdout.write(help());
        return 0;
      }
      if ((a as { version?: boolean }).version) {
        // Loaded only here: reading package.json would cost every other command ~2 ms of start-up.
        const { brineVersion } = require('@brine/core/version') as typeof import('@brine/core/version');
        process.stdout.write(`${spec.name} ${brineVersion()} (brine)\n`);
        return 0;
      }
      if ((a as { completion?: boolean }).completion) {
        const { printCompletionScripts } = require('@brine/cli/completion') as typeof import('@brine/cli/completion');
        await printCompletionScripts();
        return 0;
      }
      if ((a as { 'versions-report'?: boolean })['versions-report']) {
        const { formatVersionsReport, versionsReport } = require('@brine/core/versions-report') as typeof import('@brine/core/versions-report');
        process.stdout.write(formatVersionsReport(versionsReport()));
        return 0;
      }
      try {
        return await spec.handler({ ...a, _: a._.map(String) });
      } catch (err) {
        if (!(err instanceof HelpExit)) throw err;
        process.stdout.write(help());
        process.stderr.write(err.reason);
        return err.code;
      }
    },
  };
}

/**
 * Run `command` with this process's arguments and exit: with its exit code,
 * or on an error with `ERROR: message` (plus the hint) on stderr and the exit
 * code of the error's code. `BRINE_DEBUG` adds the stack of an unexpected error.
 */
export function runCli(command: CliCommand): void {
  // Exit only once stdout and stderr have drained: output to a pipe is asynchronous.
  const exit = (code: number) => process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
  command.run(process.argv.slice(2)).then(exit, (err: unknown) => {
    if (err instanceof UsageError) {
      process.stderr.write(`${err.usage}\n\n${err.cli}: error: ${err.message}\n`);
      return exit(EX_USAGE);
    }
    process.stderr.write(`ERROR: ${errorMessage(err)}\n`);
    if (err instanceof SaltError && err.hint) process.stderr.write(`${err.hint}\n`);
    if (!(err instanceof SaltError) && process.env.BRINE_DEBUG) process.stderr.write(`${(err as Error)?.stack ?? ''}\n`);
    exit(exitCodeFor(errorCode(err)));
  });
}
