/**
 * Jinja2's parser (jinja2/parser.py, 3.1), recursive descent, with the tags
 * of the extensions Salt loads: `do` and loop controls (jinja2.ext), and
 * Salt's serializer tags (`import_yaml`/`import_json`/`import_text`,
 * `load_yaml`/`load_json`/`load_text`, `profile`; salt/utils/jinja.py).
 *
 * Expression precedence, loosest first, as Jinja has it: `x if c else y`,
 * `or`, `and`, `not`, comparisons and `in`/`not in`, `+ -`, `~`,
 * `* / // %`, `**` (left-associative, and binding looser than unary minus:
 * `-2 ** 2` is 4, as in Jinja), unary `- +`, then postfix (`.a`, `[i]`,
 * calls) and filters/tests (`| f`, `is t`).
 *
 * Errors are {@link TemplateSyntaxError}s with Jinja's messages.
 */
import type * as A from './ast';
import type { Token } from './lexer';
import { tokenize, type LexerOptions } from './lexer';
import { checkNesting, TOO_DEEP } from './nesting';
import { isStackOverflow } from './runtime/limits';
import { describeToken, describeTokenExpr, TokenStream, type TokenExpr } from './token-stream';

/** Comparison operator symbols to their node names. */
const COMPARE_OPERATORS: Readonly<Record<string, A.CompareOperator>> = {
  '==': 'eq', '!=': 'ne', '<': 'lt', '<=': 'lteq', '>': 'gt', '>=': 'gteq',
};
const SALT_FORMATS: Readonly<Record<string, A.DataFormat>> = { yaml: 'yaml', json: 'json', text: 'text' };

/** Where a node starts: the position of `token`. */
function at(token: Token): A.Position {
  return { line: token.line, column: token.column };
}

/** Whether `node` can be assigned to (a name, a namespace attribute, or a tuple of those); Jinja's `can_assign`. */
function canAssign(node: A.Expr): boolean {
  if (node.kind === 'Name' || node.kind === 'NSRef') return true;
  return node.kind === 'Tuple' && node.items.every(canAssign);
}

/** `node` as an assignment target (`store`) or macro parameter (`param`). */
function withCtx(node: A.Expr, ctx: 'store' | 'param'): A.Expr {
  if (node.kind === 'Name') return { ...node, ctx };
  if (node.kind === 'Tuple') return { ...node, ctx, items: node.items.map((n) => withCtx(n, ctx)) };
  return node;
}

/** Parses one template's tokens into a {@link A.Template}. */
class Parser {
  private readonly stream: TokenStream;
  /** The tag names of the blocks being parsed, innermost last, for "innermost block" messages. */
  private readonly tagStack: string[] = [];
  /** The end tags each open block waits for, innermost last. */
  private readonly endTokenStack: TokenExpr[][] = [];

  constructor(tokens: readonly Token[], file?: string) {
    this.stream = new TokenStream(tokens, file);
  }

  /**
   * Parse the whole template.
   * @throws TemplateSyntaxError; {@link TOO_DEEP} at the token reached when the parser's own stack runs out
   */
  parse(): A.Template {
    try {
      return { kind: 'Template', body: this.subparse(null) };
    } catch (e) {
      if (isStackOverflow(e)) this.stream.fail(TOO_DEEP);
      throw e;
    }
  }

  // ---------------------------------------------------------------- statements

  /** Parse statements and output until one of `endTokens` opens a block (or eof when null). */
  private subparse(endTokens: TokenExpr[] | null): A.Stmt[] {
    const body: A.Stmt[] = [];
    let buffer: (A.TemplateData | A.Expr)[] = [];
    const flush = (): void => {
      if (buffer.length) body.push({ kind: 'Output', line: buffer[0].line, column: buffer[0].column, nodes: buffer });
      buffer = [];
    };
    if (endTokens) this.endTokenStack.push(endTokens);
    try {
      while (this.stream.current.type !== 'eof') {
        const token = this.stream.current;
        if (token.type === 'data') {
          buffer.push({ kind: 'TemplateData', ...at(token), data: token.value });
          this.stream.next();
        } else if (token.type === 'variable_begin') {
          this.stream.next();
          buffer.push(this.parseTuple({ withCondexpr: true }));
          this.stream.expect('variable_end');
        } else {
          flush();
          this.stream.next();
          if (endTokens && this.stream.test(...endTokens)) return body;
          body.push(this.parseStatement());
          this.stream.expect('block_end');
        }
      }
      flush();
      return body;
    } finally {
      if (endTokens) this.endTokenStack.pop();
    }
  }

  /** Parse one `{% tag ... %}` (without its closing `%}`). */
  private parseStatement(): A.Stmt {
    const token = this.stream.current;
    if (token.type !== 'name') this.stream.fail('tag name expected');
    const parse = this.statementParser(token.value);
    if (!parse) return this.failUnknownTag(token.value, token);
    this.tagStack.push(token.value);
    try {
      return parse();
    } finally {
      this.tagStack.pop();
    }
  }

  /** The parser for tag `name`, or undefined for an unknown tag. */
  private statementParser(name: string): (() => A.Stmt) | undefined {
    switch (name) {
      case 'for': return () => this.parseFor();
      case 'if': return () => this.parseIf();
      case 'block': return () => this.parseBlock();
      case 'extends': return () => this.parseExtends();
      case 'print': return () => this.parsePrint();
      case 'macro': return () => this.parseMacro();
      case 'include': return () => this.parseInclude();
      case 'from': return () => this.parseFrom();
      case 'import': return () => this.parseImport();
      case 'set': return () => this.parseSet();
      case 'with': return () => this.parseWith();
      case 'call': return () => this.parseCallBlock();
      case 'filter': return () => this.parseFilterBlock();
      case 'do': return () => this.parseDo();
      case 'break':
      case 'continue': {
        return () => ({ kind: name === 'break' ? 'Break' : 'Continue', ...at(this.stream.next()) });
      }
      case 'import_yaml':
      case 'import_json':
      case 'import_text': return () => this.parseImportData(SALT_FORMATS[name.slice(7)]);
      case 'load_yaml':
      case 'load_json':
      case 'load_text': return () => this.parseLoadData(SALT_FORMATS[name.slice(5)]);
      case 'profile': return () => this.parseProfile();
      default: return undefined;
    }
  }

  /**
   * Jinja's `_fail_ut_eof`: "Encountered unknown tag 'x'." or (name null)
   * "Unexpected end of template.", with what Jinja was looking for;
   * `pending` are the end tags of a block whose body just ended at eof.
   */
  private failUnknownTag(name: string | null, token: Token, pending?: TokenExpr[]): never {
    const stack = pending ? [...this.endTokenStack, pending] : this.endTokenStack;
    const expected = new Set(stack.flat().map(describeTokenExpr));
    const innermost = stack.at(-1);
    const looking = innermost?.map((e) => `'${describeTokenExpr(e)}'`).join(' or ');
    const message = [name === null ? 'Unexpected end of template.' : `Encountered unknown tag '${name}'.`];
    if (looking) {
      message.push(
        name !== null && expected.has(name)
          ? `You probably made a nesting mistake. Jinja is expecting this tag, but currently looking for ${looking}.`
          : `Jinja was looking for the following tags: ${looking}.`,
      );
    }
    const open = this.tagStack.at(-1);
    if (open) message.push(`The innermost block that needs to be closed is '${open}'.`);
    return this.stream.fail(message.join(' '), token);
  }

  /** The body of a block tag: `%}`, statements up to one of `endTokens`; with `dropNeedle` the end tag's name is consumed. */
  private parseStatements(endTokens: TokenExpr[], dropNeedle = false): A.Stmt[] {
    this.stream.skipIf(':');
    this.stream.expect('block_end');
    const body = this.subparse(endTokens);
    if (this.stream.current.type === 'eof') this.failUnknownTag(null, this.stream.current, endTokens);
    if (dropNeedle) this.stream.next();
    return body;
  }

  private parseFor(): A.For {
    const start = this.stream.next();
    const target = this.parseAssignTarget({ extraEndRules: ['name:in'] });
    this.stream.expect('name:in');
    const iter = this.parseTuple({ withCondexpr: false, extraEndRules: ['name:recursive'] });
    const test = this.stream.skipIf('name:if') ? this.parseExpression() : null;
    const recursive = this.stream.skipIf('name:recursive');
    const body = this.parseStatements(['name:endfor', 'name:else']);
    const else_ = this.stream.next().value === 'endfor' ? [] : this.parseStatements(['name:endfor'], true);
    return { kind: 'For', ...at(start), target, iter, body, else_, test, recursive };
  }

  private parseIf(): A.If {
    const start = this.stream.next();
    const test = this.parseTuple({ withCondexpr: false });
    const body = this.parseStatements(['name:elif', 'name:else', 'name:endif']);
    const elifs: A.If[] = [];
    let else_: A.Stmt[] = [];
    for (;;) {
      const token = this.stream.next();
      if (token.value === 'elif') {
        const elifTest = this.parseTuple({ withCondexpr: false });
        const elifBody = this.parseStatements(['name:elif', 'name:else', 'name:endif']);
        elifs.push({ kind: 'If', ...at(token), test: elifTest, body: elifBody, elifs: [], else_: [] });
        continue;
      }
      if (token.value === 'else') else_ = this.parseStatements(['name:endif'], true);
      break;
    }
    return { kind: 'If', ...at(start), test, body, elifs, else_ };
  }

  private parseBlock(): A.Block {
    const start = this.stream.next();
    const name = this.stream.expect('name').value;
    const scoped = this.stream.skipIf('name:scoped');
    const required = this.stream.skipIf('name:required');
    if (this.stream.current.type === 'operator' && this.stream.current.value === '-') {
      this.stream.fail('Block names in Jinja have to be valid Python identifiers and may not contain hyphens, use an underscore instead.');
    }
    const body = this.parseStatements(['name:endblock'], true);
    this.stream.skipIf(`name:${name}`);
    return { kind: 'Block', ...at(start), name, body, scoped, required };
  }

  private parseExtends(): A.Extends {
    const start = this.stream.next();
    return { kind: 'Extends', ...at(start), template: this.parseExpression() };
  }

  private parsePrint(): A.Print {
    const start = this.stream.next();
    const nodes: A.Expr[] = [];
    while (this.stream.current.type !== 'block_end') {
      if (nodes.length) this.stream.expect(',');
      nodes.push(this.parseExpression());
    }
    return { kind: 'Print', ...at(start), nodes };
  }

  private parseMacro(): A.Macro {
    const start = this.stream.next();
    const name = this.parseName('store').name;
    const { args, defaults } = this.parseSignature();
    const body = this.parseStatements(['name:endmacro'], true);
    return { kind: 'Macro', ...at(start), name, args, defaults, body };
  }

  private parseCallBlock(): A.CallBlock {
    const start = this.stream.next();
    const { args, defaults } = this.stream.test('(') ? this.parseSignature() : { args: [], defaults: [] };
    const callToken = this.stream.current;
    const call = this.parseExpression();
    if (call.kind !== 'Call') this.stream.fail('expected call', callToken);
    const body = this.parseStatements(['name:endcall'], true);
    return { kind: 'CallBlock', ...at(start), call, args, defaults, body };
  }

  private parseFilterBlock(): A.FilterBlock {
    const start = this.stream.next();
    const filter = this.parseFilter(null, true) as A.Filter;
    const body = this.parseStatements(['name:endfilter'], true);
    return { kind: 'FilterBlock', ...at(start), filter, body };
  }

  private parseSet(): A.Assign | A.AssignBlock {
    const start = this.stream.next();
    const target = this.parseAssignTarget({ withNamespace: true });
    if (this.stream.skipIf('=')) return { kind: 'Assign', ...at(start), target, node: this.parseTuple({}) };
    const filter = this.parseFilter(null) as A.Filter | null;
    const body = this.parseStatements(['name:endset'], true);
    return { kind: 'AssignBlock', ...at(start), target, filter, body };
  }

  private parseWith(): A.With {
    const start = this.stream.next();
    const targets: A.Expr[] = [];
    const values: A.Expr[] = [];
    while (this.stream.current.type !== 'block_end') {
      if (targets.length) this.stream.expect(',');
      targets.push(withCtx(this.parseAssignTarget({}), 'param'));
      this.stream.expect('=');
      values.push(this.parseExpression());
    }
    const body = this.parseStatements(['name:endwith'], true);
    return { kind: 'With', ...at(start), targets, values, body };
  }

  private parseDo(): A.ExprStmt {
    const start = this.stream.next();
    return { kind: 'ExprStmt', ...at(start), node: this.parseTuple({}) };
  }

  /** `with context` / `without context` after an import; returns the default when absent. */
  private parseImportContext(dflt: boolean): boolean {
    if (this.stream.test('name:with', 'name:without') && this.stream.look().value === 'context' && this.stream.look().type === 'name') {
      const withContext = this.stream.next().value === 'with';
      this.stream.next();
      return withContext;
    }
    return dflt;
  }

  private parseInclude(): A.Include {
    const start = this.stream.next();
    const template = this.parseExpression();
    let ignoreMissing = false;
    if (this.stream.test('name:ignore') && this.stream.look().type === 'name' && this.stream.look().value === 'missing') {
      this.stream.next();
      this.stream.next();
      ignoreMissing = true;
    }
    return { kind: 'Include', ...at(start), template, ignoreMissing, withContext: this.parseImportContext(true) };
  }

  private parseImport(): A.Import {
    const start = this.stream.next();
    const template = this.parseExpression();
    this.stream.expect('name:as');
    const target = this.parseName('store').name;
    return { kind: 'Import', ...at(start), template, target, withContext: this.parseImportContext(false) };
  }

  private parseFrom(): A.FromImport {
    const start = this.stream.next();
    const template = this.parseExpression();
    this.stream.expect('name:import');
    const names: { name: string; alias: string | null }[] = [];
    let withContext = false;
    const contextClause = (): boolean => {
      if (this.stream.test('name:with', 'name:without') && this.stream.look().type === 'name' && this.stream.look().value === 'context') {
        withContext = this.parseImportContext(false);
        return true;
      }
      return false;
    };
    for (;;) {
      if (names.length) this.stream.expect(',');
      if (this.stream.current.type !== 'name') {
        this.stream.expect('name');
      }
      if (contextClause()) break;
      const nameToken = this.stream.current;
      const name = this.parseName('store').name;
      if (name.startsWith('_')) this.stream.fail('names starting with an underline can not be imported', nameToken);
      const alias = this.stream.skipIf('name:as') ? this.parseName('store').name : null;
      names.push({ name, alias });
      if (contextClause() || !this.stream.test(',')) break;
    }
    return { kind: 'FromImport', ...at(start), template, names, withContext };
  }

  /** `(a, b=1)` of a macro or call block. */
  private parseSignature(): { args: A.Name[]; defaults: A.Expr[] } {
    const args: A.Name[] = [];
    const defaults: A.Expr[] = [];
    this.stream.expect('(');
    while (!this.stream.test(')')) {
      if (args.length) this.stream.expect(',');
      args.push(this.parseName('param'));
      if (this.stream.skipIf('=')) defaults.push(this.parseExpression());
      else if (defaults.length) this.stream.fail('non-default argument follows default argument');
    }
    this.stream.expect(')');
    return { args, defaults };
  }

  /** Salt's `{% import_yaml tpl as name [with context] %}`. */
  private parseImportData(format: A.DataFormat): A.ImportData {
    const start = this.stream.next();
    const template = this.parseExpression();
    this.stream.expect('name:as');
    const target = this.parseName('store').name;
    return { kind: 'ImportData', ...at(start), format, template, target, withContext: this.parseImportContext(false) };
  }

  /** Salt's `{% load_yaml as target %}...{% endload %}`. */
  private parseLoadData(format: A.DataFormat): A.LoadData {
    const start = this.stream.next();
    this.stream.expect('name:as');
    const target = this.parseAssignTarget({});
    const body = this.parseStatements(['name:endload'], true);
    return { kind: 'LoadData', ...at(start), format, target, body };
  }

  /** Salt's `{% profile as 'label' %}...{% endprofile %}`. */
  private parseProfile(): A.Profile {
    const start = this.stream.next();
    this.stream.expect('name:as');
    const label = this.parseExpression();
    const body = this.parseStatements(['name:endprofile'], true);
    return { kind: 'Profile', ...at(start), label, body };
  }

  // ------------------------------------------------------------- assignment

  /** A plain name token as a Name node. */
  private parseName(ctx: 'store' | 'param'): A.Name {
    const token = this.stream.expect('name');
    return { kind: 'Name', ...at(token), name: token.value, ctx };
  }

  /** Jinja's `parse_assign_target`: a name, a tuple of names, or (`withNamespace`) `ns.attr`. */
  private parseAssignTarget(opts: { extraEndRules?: TokenExpr[]; withNamespace?: boolean }): A.Expr {
    const token = this.stream.current;
    if (opts.withNamespace && this.stream.look().type === 'operator' && this.stream.look().value === '.') {
      const name = this.stream.expect('name').value;
      this.stream.next();
      const attr = this.stream.expect('name').value;
      return { kind: 'NSRef', ...at(token), name, attr };
    }
    const target = this.parseTuple({ simplified: true, extraEndRules: opts.extraEndRules });
    if (!canAssign(target)) this.stream.fail(`can't assign to '${target.kind.toLowerCase()}'`, token);
    return withCtx(target, 'store');
  }

  // ------------------------------------------------------------- expressions

  /** An expression, with inline `if`/`else` unless `withCondexpr` is false. */
  private parseExpression(withCondexpr = true): A.Expr {
    return withCondexpr ? this.parseCondexpr() : this.parseOr();
  }

  private parseCondexpr(): A.Expr {
    const start = this.stream.current;
    let expr1 = this.parseOr();
    while (this.stream.skipIf('name:if')) {
      const test = this.parseOr();
      const expr2 = this.stream.skipIf('name:else') ? this.parseCondexpr() : null;
      expr1 = { kind: 'CondExpr', ...at(start), test, expr1, expr2 };
    }
    return expr1;
  }

  private parseOr(): A.Expr {
    const start = this.stream.current;
    let left = this.parseAnd();
    while (this.stream.skipIf('name:or')) left = { kind: 'Logical', ...at(start), op: 'or', left, right: this.parseAnd() };
    return left;
  }

  private parseAnd(): A.Expr {
    const start = this.stream.current;
    let left = this.parseNot();
    while (this.stream.skipIf('name:and')) left = { kind: 'Logical', ...at(start), op: 'and', left, right: this.parseNot() };
    return left;
  }

  private parseNot(): A.Expr {
    if (this.stream.test('name:not')) {
      const start = this.stream.next();
      return { kind: 'Unary', ...at(start), op: 'not', node: this.parseNot() };
    }
    return this.parseCompare();
  }

  private parseCompare(): A.Expr {
    const start = this.stream.current;
    const expr = this.parseMath1();
    const ops: { op: A.CompareOperator; expr: A.Expr }[] = [];
    for (;;) {
      const token = this.stream.current;
      if (token.type === 'operator' && token.value in COMPARE_OPERATORS) {
        this.stream.next();
        ops.push({ op: COMPARE_OPERATORS[token.value], expr: this.parseMath1() });
      } else if (this.stream.skipIf('name:in')) {
        ops.push({ op: 'in', expr: this.parseMath1() });
      } else if (this.stream.test('name:not') && this.stream.look().type === 'name' && this.stream.look().value === 'in') {
        this.stream.next();
        this.stream.next();
        ops.push({ op: 'notin', expr: this.parseMath1() });
      } else {
        break;
      }
    }
    return ops.length ? { kind: 'Compare', ...at(start), expr, ops } : expr;
  }

  /** A left-associative chain of binary operators from `table` over operands parsed by `operand`. */
  private parseBinary(table: Readonly<Record<string, A.BinaryOperator>>, operand: () => A.Expr): A.Expr {
    const start = this.stream.current;
    let left = operand();
    while (this.stream.current.type === 'operator' && this.stream.current.value in table) {
      const op = table[this.stream.next().value];
      left = { kind: 'BinOp', ...at(start), op, left, right: operand() };
    }
    return left;
  }

  private parseMath1(): A.Expr {
    return this.parseBinary({ '+': 'add', '-': 'sub' }, () => this.parseConcat());
  }

  private parseConcat(): A.Expr {
    const start = this.stream.current;
    const nodes = [this.parseMath2()];
    while (this.stream.skipIf('~')) nodes.push(this.parseMath2());
    return nodes.length === 1 ? nodes[0] : { kind: 'Concat', ...at(start), nodes };
  }

  private parseMath2(): A.Expr {
    return this.parseBinary({ '*': 'mul', '/': 'div', '//': 'floordiv', '%': 'mod' }, () => this.parsePow());
  }

  private parsePow(): A.Expr {
    return this.parseBinary({ '**': 'pow' }, () => this.parseUnary());
  }

  private parseUnary(withFilter = true): A.Expr {
    const token = this.stream.current;
    let node: A.Expr;
    if (this.stream.skipIf('-')) node = { kind: 'Unary', ...at(token), op: 'neg', node: this.parseUnary(false) };
    else if (this.stream.skipIf('+')) node = { kind: 'Unary', ...at(token), op: 'pos', node: this.parseUnary(false) };
    else node = this.parsePrimary();
    node = this.parsePostfix(node);
    return withFilter ? this.parseFilterExpr(node) : node;
  }

  private parsePrimary(): A.Expr {
    const token = this.stream.current;
    const pos = at(token);
    switch (token.type) {
      case 'name': {
        this.stream.next();
        if (token.value === 'true' || token.value === 'True') return { kind: 'Const', ...pos, value: true };
        if (token.value === 'false' || token.value === 'False') return { kind: 'Const', ...pos, value: false };
        if (token.value === 'none' || token.value === 'None') return { kind: 'Const', ...pos, value: null };
        return { kind: 'Name', ...pos, name: token.value, ctx: 'load' };
      }
      case 'string': {
        let value = this.stream.next().value;
        while (this.stream.current.type === 'string') value += this.stream.next().value;
        return { kind: 'Const', ...pos, value };
      }
      case 'integer':
        this.stream.next();
        return { kind: 'Const', ...pos, value: BigInt(token.value.replace(/_/g, '')) };
      case 'float':
        this.stream.next();
        return { kind: 'Const', ...pos, value: Number(token.value.replace(/_/g, '')) };
      case 'operator':
        if (token.value === '(') {
          this.stream.next();
          const node = this.parseTuple({ explicitParentheses: true });
          this.stream.expect(')');
          return node;
        }
        if (token.value === '[') return this.parseList();
        if (token.value === '{') return this.parseDict();
        break;
      default:
        break;
    }
    return this.stream.fail(`unexpected '${describeToken(token)}'`);
  }

  /**
   * Jinja's `parse_tuple`: comma-separated expressions, a Tuple if there is a
   * comma (or `explicitParentheses` and nothing inside), else the one
   * expression. `simplified` parses only primaries (assignment targets).
   */
  private parseTuple(opts: {
    simplified?: boolean;
    withCondexpr?: boolean;
    extraEndRules?: TokenExpr[];
    explicitParentheses?: boolean;
  }): A.Expr {
    const start = this.stream.current;
    const parse = opts.simplified
      ? () => this.parsePrimary()
      : () => this.parseExpression(opts.withCondexpr ?? true);
    const items: A.Expr[] = [];
    let isTuple = false;
    for (;;) {
      if (items.length) this.stream.expect(',');
      if (this.isTupleEnd(opts.extraEndRules)) break;
      items.push(parse());
      if (this.stream.test(',')) isTuple = true;
      else break;
    }
    if (!isTuple) {
      if (items.length) return items[0];
      if (!opts.explicitParentheses) this.stream.fail(`Expected an expression, got '${describeToken(this.stream.current)}'`);
    }
    return { kind: 'Tuple', ...at(start), items, ctx: 'load' };
  }

  private isTupleEnd(extraEndRules?: TokenExpr[]): boolean {
    if (this.stream.test('variable_end', 'block_end', ')')) return true;
    return extraEndRules ? this.stream.test(...extraEndRules) : false;
  }

  private parseList(): A.List {
    const start = this.stream.expect('[');
    const items: A.Expr[] = [];
    while (!this.stream.test(']')) {
      if (items.length) this.stream.expect(',');
      if (this.stream.test(']')) break;
      items.push(this.parseExpression());
    }
    this.stream.expect(']');
    return { kind: 'List', ...at(start), items };
  }

  private parseDict(): A.Dict {
    const start = this.stream.expect('{');
    const items: { key: A.Expr; value: A.Expr }[] = [];
    while (!this.stream.test('}')) {
      if (items.length) this.stream.expect(',');
      if (this.stream.test('}')) break;
      const key = this.parseExpression();
      this.stream.expect(':');
      items.push({ key, value: this.parseExpression() });
    }
    this.stream.expect('}');
    return { kind: 'Dict', ...at(start), items };
  }

  /** Attribute access, subscripts and calls after a primary. */
  private parsePostfix(node: A.Expr): A.Expr {
    for (;;) {
      if (this.stream.test('.', '[')) node = this.parseSubscript(node);
      else if (this.stream.test('(')) node = this.parseCall(node);
      else return node;
    }
  }

  /** Filters, tests and calls after a unary expression. */
  private parseFilterExpr(node: A.Expr): A.Expr {
    for (;;) {
      if (this.stream.test('|')) node = this.parseFilter(node)!;
      else if (this.stream.test('name:is')) node = this.parseTest(node);
      else if (this.stream.test('(')) node = this.parseCall(node);
      else return node;
    }
  }

  private parseSubscript(node: A.Expr): A.Expr {
    const token = this.stream.next();
    const pos = { line: node.line, column: node.column };
    if (token.value === '.') {
      const attr = this.stream.next();
      if (attr.type === 'name') return { kind: 'Getattr', ...pos, node, attr: attr.value };
      if (attr.type !== 'integer') this.stream.fail('expected name or number', attr);
      return { kind: 'Getitem', ...pos, node, arg: { kind: 'Const', ...at(attr), value: BigInt(attr.value.replace(/_/g, '')) } };
    }
    const args: (A.Expr | A.Slice)[] = [];
    while (!this.stream.test(']')) {
      if (args.length) this.stream.expect(',');
      args.push(this.parseSubscribed());
    }
    this.stream.expect(']');
    const arg: A.Expr | A.Slice = args.length === 1 ? args[0] : { kind: 'Tuple', ...at(token), items: args as A.Expr[], ctx: 'load' };
    return { kind: 'Getitem', ...pos, node, arg };
  }

  /** One subscript: an expression or a slice `start:stop:step`. */
  private parseSubscribed(): A.Expr | A.Slice {
    const token = this.stream.current;
    let start: A.Expr | null = null;
    if (!this.stream.test(':')) {
      start = this.parseExpression();
      if (!this.stream.test(':')) return start;
    }
    this.stream.next();
    const part = (): A.Expr | null => (this.stream.test(']', ',', ':') ? null : this.parseExpression());
    const stop = part();
    const step = this.stream.skipIf(':') ? part() : null;
    return { kind: 'Slice', ...at(token), start, stop, step };
  }

  /** `(args)` of a call, filter or test; Jinja's rules on the order of positional, keyword, `*` and `**` arguments. */
  private parseCallArgs(): A.CallArgs {
    const open = this.stream.expect('(');
    const args: A.Expr[] = [];
    const kwargs: A.Keyword[] = [];
    let dynArgs: A.Expr | null = null;
    let dynKwargs: A.Expr | null = null;
    const ensure = (ok: boolean): void => {
      if (!ok) this.stream.fail('invalid syntax for function call expression', open);
    };
    let requireComma = false;
    while (!this.stream.test(')')) {
      if (requireComma) {
        this.stream.expect(',');
        if (this.stream.test(')')) break;
      }
      if (this.stream.skipIf('*')) {
        ensure(dynArgs === null && dynKwargs === null);
        dynArgs = this.parseExpression();
      } else if (this.stream.skipIf('**')) {
        ensure(dynKwargs === null);
        dynKwargs = this.parseExpression();
      } else if (this.stream.current.type === 'name' && this.stream.look().type === 'operator' && this.stream.look().value === '=') {
        ensure(dynKwargs === null);
        const key = this.stream.next();
        this.stream.next();
        kwargs.push({ kind: 'Keyword', ...at(key), key: key.value, value: this.parseExpression() });
      } else {
        ensure(dynArgs === null && dynKwargs === null && kwargs.length === 0);
        args.push(this.parseExpression());
      }
      requireComma = true;
    }
    this.stream.expect(')');
    return { args, kwargs, dynArgs, dynKwargs };
  }

  private parseCall(node: A.Expr): A.Call {
    return { kind: 'Call', line: node.line, column: node.column, node, ...this.parseCallArgs() };
  }

  /** A dotted filter or test name: `a` or `a.b.c`. */
  private parseDottedName(): string {
    let name = this.stream.expect('name').value;
    while (this.stream.skipIf('.')) name += `.${this.stream.expect('name').value}`;
    return name;
  }

  /** `| f(args) | g`; with `startInline` the first `|` is absent (filter blocks). Returns `node` when there is no filter. */
  private parseFilter(node: A.Expr | null, startInline = false): A.Expr | null {
    while (this.stream.test('|') || startInline) {
      const token = startInline ? this.stream.current : this.stream.next();
      const name = this.parseDottedName();
      const args = this.stream.test('(') ? this.parseCallArgs() : { args: [], kwargs: [], dynArgs: null, dynKwargs: null };
      node = { kind: 'Filter', ...(node ? { line: node.line, column: node.column } : at(token)), node, name, ...args };
      startInline = false;
    }
    return node;
  }

  private parseTest(node: A.Expr): A.Expr {
    const token = this.stream.next();
    const negated = this.stream.skipIf('name:not');
    const name = this.parseDottedName();
    let args: A.CallArgs = { args: [], kwargs: [], dynArgs: null, dynKwargs: null };
    const current = this.stream.current;
    if (this.stream.test('(')) {
      args = this.parseCallArgs();
    } else if (
      (['name', 'string', 'integer', 'float'].includes(current.type) || this.stream.test('[', '{')) &&
      !this.stream.test('name:else', 'name:or', 'name:and')
    ) {
      if (this.stream.test('name:is')) this.stream.fail('You cannot chain multiple tests with is');
      args = { ...args, args: [this.parsePostfix(this.parsePrimary())] };
    }
    const test: A.Test = { kind: 'Test', line: node.line, column: node.column, node, name, ...args };
    return negated ? { kind: 'Unary', ...at(token), op: 'not', node: test } : test;
  }
}

/** Options for {@link parse}: the lexer's, including the template's name for errors. */
export type ParseOptions = LexerOptions;

/**
 * Parse a Jinja template into its syntax tree. Throws
 * {@link TemplateSyntaxError} (line, column, Jinja's message) for a template
 * Jinja2 would refuse to compile, and for one nested too deeply (./nesting.ts).
 */
export function parse(template: string, options: ParseOptions = {}): A.Template {
  const tree = new Parser(tokenize(template, options), options.file).parse();
  checkNesting(tree, options.file);
  return tree;
}
