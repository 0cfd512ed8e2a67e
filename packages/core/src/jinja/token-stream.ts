/**
 * A cursor over the lexer's tokens with Jinja's `TokenStream` helpers
 * (`test`, `skipIf`, `expect`, `look`) and its error wording
 * ("expected token 'end of statement block', got 'x'").
 */
import { TemplateSyntaxError } from './errors';
import type { Token, TokenType } from './lexer';

/**
 * What a token is tested against, as Jinja writes token expressions:
 * a token type (`'block_end'`), a name with its value (`'name:endfor'`),
 * or an operator symbol (`','`, `'|'`).
 */
export type TokenExpr = string;

const TOKEN_TYPES: ReadonlySet<string> = new Set<TokenType>([
  'data', 'variable_begin', 'variable_end', 'block_begin', 'block_end', 'name', 'string', 'integer', 'float', 'operator', 'eof',
]);

const TYPE_DESCRIPTIONS: Readonly<Partial<Record<TokenType, string>>> = {
  block_begin: 'begin of statement block',
  block_end: 'end of statement block',
  variable_begin: 'begin of print statement',
  variable_end: 'end of print statement',
  data: 'template data / text',
  eof: 'end of template',
};

/** How Jinja names a token expression in messages: `'name:endfor'` → `endfor`, `'block_end'` → `end of statement block`. */
export function describeTokenExpr(expr: TokenExpr): string {
  if (expr.startsWith('name:')) return expr.slice(5);
  if (TOKEN_TYPES.has(expr)) return TYPE_DESCRIPTIONS[expr as TokenType] ?? expr;
  return expr;
}

/** How Jinja names a token in messages: a name or operator by its text, anything else by its type. */
export function describeToken(token: Token): string {
  if (token.type === 'name' || token.type === 'operator') return token.value;
  return TYPE_DESCRIPTIONS[token.type] ?? token.type;
}

/** Whether `token` matches `expr`. */
export function tokenMatches(token: Token, expr: TokenExpr): boolean {
  if (expr.startsWith('name:')) return token.type === 'name' && token.value === expr.slice(5);
  if (TOKEN_TYPES.has(expr)) return token.type === expr;
  return token.type === 'operator' && token.value === expr;
}

/** A cursor over a token list that ends with `eof`. */
export class TokenStream {
  private index = 0;

  constructor(
    private readonly tokens: readonly Token[],
    /** The template's name, for errors. */
    readonly file?: string,
  ) {}

  /** The token under the cursor. */
  get current(): Token {
    return this.tokens[this.index];
  }

  /** The token after the current one (`eof` at the end). */
  look(): Token {
    return this.tokens[Math.min(this.index + 1, this.tokens.length - 1)];
  }

  /** Return the current token and move past it (never past `eof`). */
  next(): Token {
    const token = this.current;
    if (token.type !== 'eof') this.index++;
    return token;
  }

  /** Whether the current token matches any of `exprs`. */
  test(...exprs: TokenExpr[]): boolean {
    return exprs.some((e) => tokenMatches(this.current, e));
  }

  /** Move past the current token if it matches `expr`; return whether it did. */
  skipIf(expr: TokenExpr): boolean {
    if (!this.test(expr)) return false;
    this.next();
    return true;
  }

  /** Move past the current token, which must match `expr`; otherwise throw Jinja's "expected token" error. */
  expect(expr: TokenExpr): Token {
    if (this.test(expr)) return this.next();
    const wanted = describeTokenExpr(expr);
    if (this.current.type === 'eof') this.fail(`unexpected end of template, expected '${wanted}'.`);
    return this.fail(`expected token '${wanted}', got '${describeToken(this.current)}'`);
  }

  /** Throw a {@link TemplateSyntaxError} at `token` (default: the current one). */
  fail(message: string, token: Token = this.current): never {
    throw new TemplateSyntaxError(message, token.line, token.column, this.file);
  }
}
