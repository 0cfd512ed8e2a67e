/**
 * Compound targets (Salt's `-C`), e.g. `G@os:Debian and web* or E@db[0-9]+ and not L@db3`.
 * A recursive-descent parser builds a tree of leaves (no eval):
 * - words are whitespace-separated; `and`, `or`, `not`, `(`, `)` are operators
 *   (parentheses must be separate words, as Salt requires);
 * - precedence is Python's: `not` binds tighter than `and`, `and` tighter than `or`;
 * - `a not b` means `a and not b` (Salt inserts the `and`);
 * - a plain word is a glob on the minion id; `G@ P@ I@ J@ L@ E@ S@` select the
 *   grain, grain PCRE, pillar, pillar PCRE, list, id PCRE and ipcidr matchers;
 *   `N@group` expands the nodegroup in place (see nodegroup.ts);
 * - grain and pillar leaves use `:` between keys, or the character written
 *   between letter and `@` (`G;@ip4_interfaces;eth0;10.0.0.1`); the caller's
 *   `--delimiter` does not apply inside a compound target, as in Salt.
 */
import { TargetError } from '../errors';
import { globLeaf } from './glob';
import { grainPcreLeaf } from './grain-pcre';
import { grainLeaf } from './grain';
import { ipcidrLeaf } from './ipcidr';
import { listLeaf } from './list';
import { expandNodegroups, type Nodegroups } from './nodegroup';
import { pcreLeaf } from './pcre';
import { pillarPcreLeaf } from './pillar-pcre';
import { pillarLeaf } from './pillar';
import type { TargetNode } from './tree';
import { sourceText, splitWords, wordError, type Word } from './words';

const PREFIXES: Record<string, (pattern: string, delimiter: string) => TargetNode> = {
  G: grainLeaf,
  P: grainPcreLeaf,
  I: pillarLeaf,
  J: pillarPcreLeaf,
  L: (p) => listLeaf(p),
  E: (p) => pcreLeaf(p),
  S: (p) => ipcidrLeaf(p),
};

/** Letters that take an alternative delimiter before the `@`. */
const DELIMITED = 'GPIJ';

const PREFIX = /^([A-Z])(.?)@/s;

const BINARY = new Set(['and', 'or']);

/** The leaf one non-operator word stands for. */
function leafOf(word: Word, source: string): TargetNode {
  const m = PREFIX.exec(word.text);
  if (!m || (m[2] && !DELIMITED.includes(m[1]))) {
    if (word.text.startsWith('(') || word.text.endsWith(')')) {
      const hint = "Write parentheses as separate words: '( web* or db* ) and G@os:Debian'";
      throw wordError(source, `parenthesis stuck to '${word.text}'`, word, hint);
    }
    return globLeaf(word.text);
  }
  const [prefix, letter, delimiter] = m;
  const build = PREFIXES[letter];
  if (!build) throw wordError(source, `unknown target prefix '${letter}@' in '${word.text}' (known: G@ P@ I@ J@ L@ E@ S@ N@)`, word);
  const pattern = word.text.slice(prefix.length);
  if (!pattern) throw wordError(source, `'${prefix}' has no pattern`, word);
  try {
    return build(pattern, delimiter || ':');
  } catch (err) {
    if (err instanceof TargetError) throw wordError(source, err.message, word, err.hint);
    throw err;
  }
}

class Parser {
  private i = 0;

  constructor(
    private readonly words: Word[],
    private readonly source: string,
  ) {}

  parse(): TargetNode {
    if (this.words.length === 0) throw this.fail('it is empty');
    const node = this.chain('or');
    const extra = this.words[this.i];
    if (extra) throw this.unexpected(extra);
    return node;
  }

  private fail(problem: string, word?: Word): TargetError {
    return wordError(this.source, problem, word);
  }

  /** The error for `word` standing where only an operator or the end may come. */
  private unexpected(word: Word): TargetError {
    return this.fail(word.text === ')' ? "unbalanced ')'" : `missing 'and' or 'or' before '${word.text}'`, word);
  }

  /** `or` chains of `and` chains of negations; a `not` right after an operand joins with an implied `and`. */
  private chain(op: 'and' | 'or'): TargetNode {
    const operand = (): TargetNode => (op === 'or' ? this.chain('and') : this.negation());
    const args = [operand()];
    for (let next = this.words[this.i]; next?.text === op || (op === 'and' && next?.text === 'not'); next = this.words[this.i]) {
      if (next.text === op) this.i++;
      args.push(operand());
    }
    return args.length === 1 ? args[0] : { op, args };
  }

  private negation(): TargetNode {
    if (this.words[this.i]?.text !== 'not') return this.primary();
    this.i++;
    return { op: 'not', arg: this.negation() };
  }

  private primary(): TargetNode {
    const word = this.words[this.i];
    if (!word || word.text === ')' || BINARY.has(word.text)) throw this.missingOperand(word);
    this.i++;
    if (word.text !== '(') return leafOf(word, this.source);
    const inner = this.chain('or');
    const close = this.words[this.i];
    if (!close) throw this.fail("unclosed '('", word);
    if (close.text !== ')') throw this.unexpected(close);
    this.i++;
    return inner;
  }

  /** The error for a place where an operand was due but `word` (or the end) came. */
  private missingOperand(word: Word | undefined): TargetError {
    const prev = this.words[this.i - 1];
    if (prev && (BINARY.has(prev.text) || prev.text === 'not')) return this.fail(`'${prev.text}' has no target on its right`, prev);
    if (word && word.text !== ')') return this.fail(`'${word.text}' has no target on its left`, word);
    if (prev?.text === '(') return this.fail(word ? 'empty parentheses' : "unclosed '('", prev);
    return this.fail("unbalanced ')'", word);
  }
}

/**
 * Compile a compound expression (a string, or a list of words) to a target tree.
 * @param nodegroups the master's nodegroups, for `N@` words (minions get targets with nodegroups already expanded)
 * @throws TargetError for an empty expression, unbalanced parentheses, a dangling
 *   operator, an unknown prefix, an unknown nodegroup or a bad leaf pattern; the
 *   message quotes the expression and gives the column
 */
export function compileCompound(expr: string | string[], nodegroups: Nodegroups = {}): TargetNode {
  const source = sourceText(expr);
  return new Parser(expandNodegroups(splitWords(expr), nodegroups, source), source).parse();
}
