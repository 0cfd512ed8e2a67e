/**
 * Jinja2's lexer, default syntax: `{{ }}`, `{% %}`, `{# #}`, whitespace
 * control with `-` (and `+`) on either side, `{% raw %}` blocks, no line
 * statements. It follows jinja2/lexer.py (3.1) rule for rule, so a template
 * tokenizes as Salt's Jinja tokenizes it:
 * - `{%-`/`{{-`/`{#-` strip all whitespace before the tag, `-%}`/`-}}`/`-#}`
 *   all whitespace after it;
 * - `trimBlocks` drops the first newline after a block or comment tag,
 *   `lstripBlocks` the spaces and tabs from the start of a line to a block or
 *   comment tag (`{%+` turns it off for one tag, `+%}` turns trimBlocks off);
 *   Salt sets both from `jinja_trim_blocks`/`jinja_lstrip_blocks`, default off;
 * - one trailing newline of the template is dropped unless
 *   `keepTrailingNewline` (Jinja's default; Salt re-adds it after rendering);
 * - `\r\n` and `\r` become `\n`;
 * - inside a tag, `%}`/`}}` only close it when every bracket opened in it is
 *   closed, so `{{ {'a': 1}}}` is a dict.
 *
 * Every token carries its 1-based line and column for error messages.
 */
import { TemplateSyntaxError } from './errors';

/** A token's kind. Operators and punctuation are all `operator`, with the symbol as `value`. */
export type TokenType =
  | 'data'
  | 'variable_begin'
  | 'variable_end'
  | 'block_begin'
  | 'block_end'
  | 'name'
  | 'string'
  | 'integer'
  | 'float'
  | 'operator'
  | 'eof';

/**
 * One token. `value` is: the text for `data`; the decoded string (Python
 * escapes applied) for `string`; the source digits for `integer`/`float`
 * (with `0x`/`0o`/`0b` prefixes and `_` separators as written); the
 * identifier for `name`; the symbol for `operator`; the tag text for the
 * begin/end tokens.
 */
export interface Token {
  readonly type: TokenType;
  readonly value: string;
  /** 1-based line of the token's first character. */
  readonly line: number;
  /** 1-based column of the token's first character. */
  readonly column: number;
}

/** How templates are tokenized; every option defaults to Jinja's (and Salt's) default, false. */
export interface LexerOptions {
  /** Drop the first newline after a block or comment tag (Salt: `jinja_trim_blocks`). */
  readonly trimBlocks?: boolean;
  /** Strip spaces and tabs from the start of a line to a block or comment tag (Salt: `jinja_lstrip_blocks`). */
  readonly lstripBlocks?: boolean;
  /** Keep a single trailing newline of the template. */
  readonly keepTrailingNewline?: boolean;
  /** The template's name for error messages, e.g. `salt://nginx/init.sls`. */
  readonly file?: string;
}

/** Operators and punctuation, longest first so `//` wins over `/`. */
const OPERATORS = ['//', '**', '==', '!=', '>=', '<=', '+', '-', '/', '*', '%', '~', '[', ']', '(', ')', '{', '}', '>', '<', '=', '.', ':', '|', ',', ';'];
const CLOSING: Readonly<Record<string, string>> = { '(': ')', '[': ']', '{': '}' };

// Jinja's token rules (jinja2/lexer.py), anchored with the sticky flag.
const WHITESPACE = /\s+/y;
const FLOAT = /(?<!\.)(?:\d+_)*\d+(?:(?:\.(?:\d+_)*\d+)?e[+-]?(?:\d+_)*\d+|\.(?:\d+_)*\d+)/iy;
const INTEGER = /0b(?:_?[01])+|0o(?:_?[0-7])+|0x(?:_?[\da-f])+|[1-9](?:_?\d)*|0(?:_?0)*/iy;
const NAME = /[\p{ID_Start}_][\p{ID_Continue}]*/uy;
const STRING = /'([^'\\]*(?:\\.[^'\\]*)*)'|"([^"\\]*(?:\\.[^"\\]*)*)"/sy;
/** Where the next tag starts in template data; `raw` is `{% raw %}` with its whitespace control. */
const TAG_START = /\{%([-+]?)\s*raw\s*(-%\}\s*|\+?%\})|\{%([-+]?)|\{\{([-+]?)|\{#([-+]?)/g;
const BLOCK_END = /-%\}\s*|\+?%\}/y;
const VARIABLE_END = /-\}\}\s*|\}\}/y;
const RAW_END = /\{%([-+]?)\s*endraw\s*(-%\}\s*|\+%\}|%\})/g;

/** The three kinds of tag, by their opening. */
type TagKind = 'block' | 'variable' | 'comment';

/** Python's `repr` of a one-character string, as Jinja's "unexpected char" message shows it. */
function charRepr(ch: string): string {
  if (ch === "'") return `"'"`;
  if (ch === '\\') return `'\\\\'`;
  if (ch === '\n') return `'\\n'`;
  if (ch === '\t') return `'\\t'`;
  return `'${ch}'`;
}

/** Maps offsets in the normalized source to 1-based lines and columns. */
class Positions {
  private readonly starts: number[] = [0];

  constructor(source: string) {
    for (let i = source.indexOf('\n'); i !== -1; i = source.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  /** The line and column of `offset`. */
  at(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo] + 1 };
  }
}

/**
 * Decode a Python string literal's body as Jinja does
 * (`.encode('ascii', 'backslashreplace').decode('unicode-escape')`):
 * `\\ \' \" \a \b \f \n \r \t \v`, octal `\ooo`, `\xhh`, `\uXXXX`,
 * `\UXXXXXXXX`, backslash-newline removed, any other escape kept verbatim.
 * A truncated escape throws with Python's message ("truncated \xXX escape").
 * `\N{name}` escapes are refused: brine has no Unicode name table.
 */
export function decodeStringEscapes(body: string, fail: (message: string) => never): string {
  if (!body.includes('\\')) return body;
  const simple: Readonly<Record<string, string>> = {
    '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\n': '',
  };
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const next = body[i + 1];
    if (next === undefined) fail('\\ at end of string');
    if (next in simple) {
      out += simple[next];
      i++;
    } else if (/[0-7]/.test(next)) {
      const oct = /^[0-7]{1,3}/.exec(body.slice(i + 1))![0];
      out += String.fromCodePoint(parseInt(oct, 8));
      i += oct.length;
    } else if (next === 'x' || next === 'u' || next === 'U') {
      const width = next === 'x' ? 2 : next === 'u' ? 4 : 8;
      const hex = body.slice(i + 2, i + 2 + width);
      if (!new RegExp(`^[0-9a-fA-F]{${width}}$`).test(hex)) {
        fail(`truncated \\${next}${'X'.repeat(width)} escape`);
      }
      const code = parseInt(hex, 16);
      if (code > 0x10ffff) fail('illegal Unicode character');
      out += String.fromCodePoint(code);
      i += 1 + width;
    } else if (next === 'N') {
      fail('\\N{...} escapes are not supported');
    } else {
      out += ch;
    }
  }
  return out;
}

/**
 * Split a template into tokens, ending with one `eof` token.
 * Throws {@link TemplateSyntaxError} for an unclosed comment or raw block,
 * an unbalanced bracket inside a tag, an unterminated string or a character
 * no rule accepts, with Jinja's messages ("Missing end of comment tag",
 * "unexpected ')'", "unexpected char '?' at 12").
 */
export function tokenize(template: string, options: LexerOptions = {}): Token[] {
  let source = template.replace(/\r\n?/g, '\n');
  if (!options.keepTrailingNewline && source.endsWith('\n')) source = source.slice(0, -1);
  const positions = new Positions(source);
  const tokens: Token[] = [];
  const fail = (message: string, offset: number): never => {
    const { line, column } = positions.at(offset);
    throw new TemplateSyntaxError(message, line, column, options.file);
  };
  const push = (type: TokenType, value: string, offset: number): void => {
    tokens.push({ type, value, ...positions.at(offset) });
  };

  let pos = 0;
  let lineStarting = true;
  while (pos < source.length) {
    TAG_START.lastIndex = pos;
    const m = TAG_START.exec(source);
    if (!m) {
      push('data', source.slice(pos), pos);
      break;
    }
    let text = source.slice(pos, m.index);
    const isRaw = m[1] !== undefined;
    const kind: TagKind = isRaw || m[3] !== undefined ? 'block' : m[4] !== undefined ? 'variable' : 'comment';
    const sign = m[1] ?? m[3] ?? m[4] ?? m[5];
    if (sign === '-') {
      text = text.trimEnd();
    } else if (sign !== '+' && options.lstripBlocks && kind !== 'variable') {
      const lineStart = text.lastIndexOf('\n') + 1;
      if ((lineStart > 0 || lineStarting) && /^[ \t]+$/.test(text.slice(lineStart))) text = text.slice(0, lineStart);
    }
    if (text) push('data', text, pos);

    if (isRaw) {
      // {% raw %}...{% endraw %}: everything between is data.
      let bodyStart = m.index + m[0].length;
      if (options.trimBlocks && m[2] === '%}' && source[bodyStart] === '\n') bodyStart++;
      RAW_END.lastIndex = bodyStart;
      const end = RAW_END.exec(source);
      if (!end) fail('Missing end of raw directive', m.index);
      let body = source.slice(bodyStart, end!.index);
      if (end![1] === '-') body = body.trimEnd();
      if (body) push('data', body, bodyStart);
      pos = end!.index + end![0].length;
      if (options.trimBlocks && end![2] === '%}' && source[pos] === '\n') pos++;
      lineStarting = source[pos - 1] === '\n';
      continue;
    }

    if (kind === 'comment') {
      const close = /\+#\}|-#\}\s*|#\}/g;
      close.lastIndex = m.index + m[0].length;
      const end = close.exec(source);
      if (!end) fail('Missing end of comment tag', m.index);
      pos = end!.index + end![0].length;
      if (options.trimBlocks && end![0] === '#}' && source[pos] === '\n') pos++;
      lineStarting = source[pos - 1] === '\n';
      continue;
    }

    push(kind === 'block' ? 'block_begin' : 'variable_begin', m[0], m.index);
    pos = m.index + m[0].length;
    const endRule = kind === 'block' ? BLOCK_END : VARIABLE_END;
    const brackets: string[] = [];
    for (;;) {
      if (pos >= source.length) return [...tokens, { type: 'eof', value: '', ...positions.at(pos) }];
      if (brackets.length === 0) {
        endRule.lastIndex = pos;
        const end = endRule.exec(source);
        if (end) {
          push(kind === 'block' ? 'block_end' : 'variable_end', end[0].trim(), pos);
          pos += end[0].length;
          if (kind === 'block' && options.trimBlocks && end[0] === '%}' && source[pos] === '\n') pos++;
          lineStarting = source[pos - 1] === '\n';
          break;
        }
      }
      pos = lexInTag(source, pos, brackets, push, fail);
    }
  }
  push('eof', '', source.length);
  return tokens;
}

/** Read one token (or skip whitespace) inside a tag at `pos`; returns the offset after it. */
function lexInTag(
  source: string,
  pos: number,
  brackets: string[],
  push: (type: TokenType, value: string, offset: number) => void,
  fail: (message: string, offset: number) => never,
): number {
  const at = (re: RegExp): RegExpExecArray | null => {
    re.lastIndex = pos;
    return re.exec(source);
  };
  const ws = at(WHITESPACE);
  if (ws) return pos + ws[0].length;
  const float = at(FLOAT);
  if (float) {
    push('float', float[0], pos);
    return pos + float[0].length;
  }
  const integer = at(INTEGER);
  if (integer) {
    push('integer', integer[0], pos);
    return pos + integer[0].length;
  }
  const name = at(NAME);
  if (name) {
    push('name', name[0], pos);
    return pos + name[0].length;
  }
  const str = at(STRING);
  if (str) {
    const body = str[1] ?? str[2];
    push('string', decodeStringEscapes(body, (message) => fail(message, pos)), pos);
    return pos + str[0].length;
  }
  const op = OPERATORS.find((o) => source.startsWith(o, pos));
  if (op) {
    if (op in CLOSING) {
      brackets.push(CLOSING[op]);
    } else if (op === ')' || op === ']' || op === '}') {
      if (brackets.length === 0) fail(`unexpected '${op}'`, pos);
      const expected = brackets.pop();
      if (expected !== op) fail(`unexpected '${op}', expected '${expected}'`, pos);
    }
    push('operator', op, pos);
    return pos + op.length;
  }
  return fail(`unexpected char ${charRepr(source[pos])} at ${pos}`, pos);
}
