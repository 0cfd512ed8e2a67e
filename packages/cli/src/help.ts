/**
 * `--help` laid out as Salt's CLIs print it (Python optparse's
 * IndentedHelpFormatter): the usage line, the description, `Options:` with
 * each option's names in a 24-column left margin and its help wrapped to the
 * right, then one titled, described section per option group.
 */

/** One option as help shows it. */
export interface HelpOption {
  /** Its names without dashes, as typed: `c`, `config-dir`. */
  names: string[];
  /** The placeholder of its value (`CONFIG_DIR`), or undefined for a flag. */
  metavar?: string;
  /** What it does. */
  help: string;
}

/** A titled section of options (`Logging Options:`), with an optional description. */
export interface HelpGroup {
  title: string;
  description?: string;
  options: HelpOption[];
}

/** Everything `--help` prints. */
export interface HelpPage {
  /** The usage line, `Usage: ...`. */
  usage: string;
  description?: string;
  /** The options outside any group. */
  options: HelpOption[];
  groups: HelpGroup[];
}

/** Total width: optparse's (COLUMNS, else 80) minus 2. */
const WIDTH = 78;
/** The column where help text starts, at most (optparse's max_help_position). */
const MAX_HELP_POSITION = 24;
/** Indentation added per level (`Options:` content, a group's content). */
const STEP = 2;

/**
 * Split text into lines of at most `width` characters as Python's
 * textwrap.wrap does: between words, and after an inner hyphen of a
 * hyphenated word (`multi-` / `level`); a word longer than a line is cut.
 */
export function wrap(text: string, width: number): string[] {
  // textwrap's chunks: each word, split after a hyphen that has two letters before it and a letter after it;
  // `spaced` tells whether whitespace came before the chunk.
  const chunks = text.trim().split(/\s+/).filter(Boolean).flatMap((word) =>
    word.split(/(?<=[A-Za-z]{2}-)(?=[A-Za-z])/).map((piece, i) => ({ piece, spaced: i === 0 })));
  const lines: string[] = [];
  let line = '';
  for (const { piece, spaced } of chunks) {
    const sep = line !== '' && spaced ? ' ' : '';
    if (line !== '' && line.length + sep.length + piece.length > width) {
      lines.push(line);
      line = piece;
    } else line += sep + piece;
    while (line.length > width) {
      lines.push(line.slice(0, width));
      line = line.slice(width);
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** An option's names as optparse lists them: `-c CONFIG_DIR, --config-dir=CONFIG_DIR`, short names first. */
export function optionStrings(o: HelpOption): string {
  const short = o.names.filter((n) => n.length === 1).map((n) => `-${n}${o.metavar ? ` ${o.metavar}` : ''}`);
  const long = o.names.filter((n) => n.length > 1).map((n) => `--${n}${o.metavar ? `=${o.metavar}` : ''}`);
  return [...short, ...long].join(', ');
}

/** The lines of one option at `indent`, its help starting at column `helpAt`. */
function optionLines(o: HelpOption, indent: number, helpAt: number): string[] {
  const names = optionStrings(o);
  const room = helpAt - indent - 2;
  const help = wrap(o.help, Math.max(WIDTH - helpAt, 11));
  if (names.length > room) {
    return [' '.repeat(indent) + names, ...help.map((l) => ' '.repeat(helpAt) + l)];
  }
  const first = ' '.repeat(indent) + names.padEnd(room) + '  ';
  if (help.length === 0) return [first.trimEnd()];
  return [first + help[0], ...help.slice(1).map((l) => ' '.repeat(helpAt) + l)];
}

/**
 * The whole help text, ending with a newline, as optparse formats it: the
 * help column is 2 past the longest option list, at most 24.
 */
export function formatHelp(page: HelpPage): string {
  const widest = Math.max(
    ...page.options.map((o) => optionStrings(o).length + STEP),
    ...page.groups.flatMap((g) => g.options.map((o) => optionStrings(o).length + 2 * STEP)),
    0,
  );
  const helpAt = Math.min(widest + 2, MAX_HELP_POSITION);
  const out: string[] = [page.usage, ''];
  if (page.description) out.push(...wrap(page.description, WIDTH), '');
  out.push('Options:');
  const sections: string[][] = [];
  if (page.options.length) sections.push(page.options.flatMap((o) => optionLines(o, STEP, helpAt)));
  for (const g of page.groups) {
    const pad = ' '.repeat(STEP);
    const lines = [`${pad}${g.title}:`];
    if (g.description) lines.push(...wrap(g.description, WIDTH - 2 * STEP).map((l) => pad + pad + l), '');
    lines.push(...g.options.flatMap((o) => optionLines(o, 2 * STEP, helpAt)));
    sections.push(lines);
  }
  out.push(...sections.flatMap((s, i) => (i === 0 ? s : ['', ...s])));
  return `${out.join('\n')}\n`;
}
