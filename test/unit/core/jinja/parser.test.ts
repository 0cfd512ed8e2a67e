import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from '@brine/core/jinja/parser';
import { TemplateSyntaxError } from '@brine/core/jinja/errors';

/** A compact, position-free rendering of an expression tree, to compare shapes in tables. */
function shape(node: unknown): string {
  if (node === null) return '_';
  const n = node as Record<string, unknown> & { kind: string };
  const args = (c: Record<string, unknown>): string =>
    [
      ...(c.args as unknown[]).map(shape),
      ...(c.kwargs as { key: string; value: unknown }[]).map((k) => `${k.key}=${shape(k.value)}`),
      ...(c.dynArgs ? [`*${shape(c.dynArgs)}`] : []),
      ...(c.dynKwargs ? [`**${shape(c.dynKwargs)}`] : []),
    ].join(' ');
  switch (n.kind) {
    case 'Const':
      return typeof n.value === 'bigint' ? `${n.value}n` : JSON.stringify(n.value);
    case 'Name':
      return n.name as string;
    case 'Tuple':
      return `(tuple ${(n.items as unknown[]).map(shape).join(' ')})`;
    case 'List':
      return `[${(n.items as unknown[]).map(shape).join(' ')}]`;
    case 'Dict':
      return `{${(n.items as { key: unknown; value: unknown }[]).map((i) => `${shape(i.key)}:${shape(i.value)}`).join(' ')}}`;
    case 'CondExpr':
      return `(if ${shape(n.test)} ${shape(n.expr1)} ${shape(n.expr2)})`;
    case 'BinOp':
    case 'Logical':
      return `(${n.op} ${shape(n.left)} ${shape(n.right)})`;
    case 'Unary':
      return `(${n.op} ${shape(n.node)})`;
    case 'Concat':
      return `(~ ${(n.nodes as unknown[]).map(shape).join(' ')})`;
    case 'Compare':
      return `(cmp ${shape(n.expr)} ${(n.ops as { op: string; expr: unknown }[]).map((o) => `${o.op} ${shape(o.expr)}`).join(' ')})`;
    case 'Getattr':
      return `(. ${shape(n.node)} ${n.attr})`;
    case 'Getitem':
      return `([] ${shape(n.node)} ${shape(n.arg)})`;
    case 'Slice':
      return `(slice ${shape(n.start)} ${shape(n.stop)} ${shape(n.step)})`;
    case 'Call':
      return `(call ${shape(n.node)}${args(n) ? ` ${args(n)}` : ''})`;
    case 'Filter':
    case 'Test':
      return `(${n.kind === 'Filter' ? '|' : 'is'}${n.name} ${shape(n.node)}${args(n) ? ` ${args(n)}` : ''})`;
    default:
      throw new Error(`no shape for ${n.kind}`);
  }
}

/** The shape of the single expression in `{{ src }}`. */
function expr(src: string): string {
  const [out] = parse(`{{ ${src} }}`).body;
  if (out.kind !== 'Output' || out.nodes.length !== 1) throw new Error('not one expression');
  return shape(out.nodes[0]);
}

/** The error parsing `src` throws. */
function parseError(src: string): TemplateSyntaxError {
  try {
    parse(src, { file: 'salt://t.sls' });
  } catch (e) {
    if (e instanceof TemplateSyntaxError) return e;
    throw e;
  }
  throw new Error(`no error for ${src}`);
}

describe('jinja parser: expressions follow Jinja precedence', () => {
  it.each<[string, string]>([
    ['1 + 2 * 3', '(add 1n (mul 2n 3n))'],
    ['a or b and not c', '(or a (and b (not c)))'],
    ['a ~ b + c', '(add (~ a b) c)'],
    ['a + b ~ c', '(add a (~ b c))'],
    ['-2 ** 2', '(pow (neg 2n) 2n)'],
    ['2 ** 3 ** 2', '(pow (pow 2n 3n) 2n)'],
    ['a // b % c / d', '(div (mod (floordiv a b) c) d)'],
    ['1 < a <= 3', '(cmp 1n lt a lteq 3n)'],
    ['a not in b', '(cmp a notin b)'],
    ['not a in b', '(not (cmp a in b))'],
    ['x if y else z', '(if y x z)'],
    ['x if y', '(if y x _)'],
    ['a if b else c if d else e', '(if b a (if d c e))'],
    ['x is mapping', '(ismapping x)'],
    ['x is not string and y', '(and (not (isstring x)) y)'],
    ['x is divisibleby 3', '(isdivisibleby x 3n)'],
    ['x is sameas(none)', '(issameas x null)'],
    ['x | default("d") | join(",")', '(|join (|default x "d") ",")'],
    ['-x | abs', '(|abs (neg x))'],
    ['a.b.c[0]', '([] (. (. a b) c) 0n)'],
    ['a.0', '([] a 0n)'],
    ['a[1:]', '([] a (slice 1n _ _))'],
    ['a[::-1]', '([] a (slice _ _ (neg 1n)))'],
    ['a[:2, 3]', '([] a (tuple (slice _ 2n _) 3n))'],
    ['f(1, x=2, *a, **k)', '(call f 1n x=2n *a **k)'],
    ['f(1, 2,)', '(call f 1n 2n)'],
    ['s.format(**kw)', '(call (. s format) **kw)'],
    ['[1, [2], ]', '[1n [2n]]'],
    ['{"a": 1, 2: b,}', '{"a":1n 2n:b}'],
    ['(1,)', '(tuple 1n)'],
    ['()', '(tuple )'],
    ['1, 2', '(tuple 1n 2n)'],
    ['"a" "b"', '"ab"'],
    ['True, false, None, none', '(tuple true false null null)'],
    ['1.5e3, 0x_ff, 1_000', '(tuple 1500 255n 1000n)'],
    ['salt["pillar.get"]("k", {})', '(call ([] salt "pillar.get") "k" {})'],
    ['"%s-%d" % (a, b)', '(mod "%s-%d" (tuple a b))'],
    ['x | a.b(1)', '(|a.b x 1n)'],
  ])('%s', (src, expected) => {
    expect(expr(src)).toBe(expected);
  });
});

describe('jinja parser: statements', () => {
  it('parses if/elif/else with text between', () => {
    const [node] = parse('{% if a %}A{% elif b %}B{% elif c %}C{% else %}D{% endif %}').body;
    expect(node).toMatchObject({
      kind: 'If',
      test: { name: 'a' },
      body: [{ kind: 'Output', nodes: [{ data: 'A' }] }],
      elifs: [{ test: { name: 'b' } }, { test: { name: 'c' } }],
      else_: [{ kind: 'Output', nodes: [{ data: 'D' }] }],
    });
  });

  it('parses for with tuple unpacking, a loop filter, else, and loop controls', () => {
    const [node] = parse('{% for k, v in d.items() if v %}{% break %}{% continue %}{% else %}none{% endfor %}').body;
    expect(node).toMatchObject({
      kind: 'For',
      target: { kind: 'Tuple', ctx: 'store', items: [{ name: 'k', ctx: 'store' }, { name: 'v' }] },
      test: { name: 'v' },
      recursive: false,
      body: [{ kind: 'Break' }, { kind: 'Continue' }],
      else_: [{ nodes: [{ data: 'none' }] }],
    });
  });

  it('parses set, block set with a filter, and namespace attributes', () => {
    const body = parse('{% set a, b = 1, 2 %}{% set ns.x = 3 %}{% set t | trim %} x {% endset %}').body;
    expect(body).toMatchObject([
      { kind: 'Assign', target: { kind: 'Tuple' }, node: { kind: 'Tuple' } },
      { kind: 'Assign', target: { kind: 'NSRef', name: 'ns', attr: 'x' } },
      { kind: 'AssignBlock', target: { name: 't' }, filter: { name: 'trim', node: null } },
    ]);
  });

  it('parses macros, call blocks, filter blocks, with and do', () => {
    const body = parse(
      '{% macro m(a, b=1) %}{{ caller() }}{% endmacro %}' +
        '{% call(x) m(1) %}{{ x }}{% endcall %}' +
        '{% filter upper %}t{% endfilter %}' +
        '{% with a = 1, b = a %}{% endwith %}' +
        '{% do l.append(1) %}',
    ).body;
    expect(body).toMatchObject([
      { kind: 'Macro', name: 'm', args: [{ name: 'a', ctx: 'param' }, { name: 'b' }], defaults: [{ value: 1n }] },
      { kind: 'CallBlock', args: [{ name: 'x' }], call: { kind: 'Call', node: { name: 'm' } } },
      { kind: 'FilterBlock', filter: { name: 'upper', node: null } },
      { kind: 'With', targets: [{ name: 'a', ctx: 'param' }, { name: 'b' }] },
      { kind: 'ExprStmt', node: { kind: 'Call' } },
    ]);
  });

  it('parses include, import and from-import with their context defaults', () => {
    const body = parse(
      '{% include "a" %}{% include "b" ignore missing without context %}' +
        '{% import "m.jinja" as m %}{% import "n" as n with context %}' +
        '{% from tpldir ~ "/map.jinja" import x, y as z with context %}{% from "f" import a %}',
    ).body;
    expect(body).toMatchObject([
      { kind: 'Include', withContext: true, ignoreMissing: false },
      { kind: 'Include', withContext: false, ignoreMissing: true },
      { kind: 'Import', target: 'm', withContext: false },
      { kind: 'Import', target: 'n', withContext: true },
      { kind: 'FromImport', template: { kind: 'Concat' }, names: [{ name: 'x', alias: null }, { name: 'y', alias: 'z' }], withContext: true },
      { kind: 'FromImport', names: [{ name: 'a' }], withContext: false },
    ]);
  });

  it("parses Salt's serializer tags", () => {
    const body = parse(
      '{% import_yaml "d.yaml" as d %}{% import_json tpldir ~ "/x.json" as j %}{% import_text "t" as t %}' +
        '{% load_yaml as y %}a: 1{% endload %}{% load_json as js %}{}{% endload %}{% load_text as tx %}t{% endload %}' +
        "{% profile as 'p' %}{% endprofile %}",
    ).body;
    expect(body).toMatchObject([
      { kind: 'ImportData', format: 'yaml', target: 'd' },
      { kind: 'ImportData', format: 'json', target: 'j' },
      { kind: 'ImportData', format: 'text', target: 't' },
      { kind: 'LoadData', format: 'yaml', target: { name: 'y' }, body: [{ nodes: [{ data: 'a: 1' }] }] },
      { kind: 'LoadData', format: 'json' },
      { kind: 'LoadData', format: 'text' },
      { kind: 'Profile', label: { value: 'p' } },
    ]);
  });

  it('keeps raw blocks as text', () => {
    expect(parse('{% raw %}{{ x }}{% endraw %}').body).toMatchObject([{ kind: 'Output', nodes: [{ data: '{{ x }}' }] }]);
  });
});

describe('jinja parser: errors carry Jinja messages and positions', () => {
  it.each<[string, string, number, number]>([
    ['{{ }}', "Expected an expression, got 'end of print statement'", 1, 4],
    ['{% if %}', "Expected an expression, got 'end of statement block'", 1, 7],
    ['a\n{% frob x %}', "Encountered unknown tag 'frob'.", 2, 4],
    ['{% for x in y %}{% endif %}', "Encountered unknown tag 'endif'. Jinja was looking for the following tags: 'endfor' or 'else'. The innermost block that needs to be closed is 'for'.", 1, 20],
    ['{% if x %}\n{% for y in z %}{% endif %}', "Encountered unknown tag 'endif'. You probably made a nesting mistake. Jinja is expecting this tag, but currently looking for 'endfor' or 'else'. The innermost block that needs to be closed is 'for'.", 2, 20],
    ['{% if x %}\nbody', "Unexpected end of template. Jinja was looking for the following tags: 'elif' or 'else' or 'endif'. The innermost block that needs to be closed is 'if'.", 2, 5],
    ['{{ x y }}', "expected token 'end of print statement', got 'y'", 1, 6],
    ['{{ x', "unexpected end of template, expected 'end of print statement'.", 1, 5],
    ['{{ f(a=1, 2) }}', 'invalid syntax for function call expression', 1, 5],
    ['{% set 1 = 2 %}', "can't assign to 'const'", 1, 8],
    ['{% macro m(a=1, b) %}{% endmacro %}', 'non-default argument follows default argument', 1, 18],
    ['{% from "x" import _p %}', 'names starting with an underline can not be imported', 1, 20],
    ['{{ x is a is b }}', 'You cannot chain multiple tests with is', 1, 11],
    ['{% call m %}{% endcall %}', 'expected call', 1, 9],
    ['{{ a.(1) }}', 'expected name or number', 1, 6],
    ['{% 1 %}', 'tag name expected', 1, 4],
  ])('%j', (src, message, line, column) => {
    expect(parseError(src)).toMatchObject({ message, line, column, file: 'salt://t.sls' });
  });
});

describe('jinja parser: the Salt formula corpus', () => {
  const root = path.resolve(__dirname, '../../../fixtures/jinja-corpus');
  /** Every template file of the corpus's repositories (not Salt's expected output). */
  const templates = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) return p === path.join(root, 'expected') ? [] : templates(p);
      return /\.(sls|jinja|j2|tmpl)$/.test(e.name) ? [p] : [];
    });

  it('parses every template of the 10 formulas (258 files)', () => {
    const files = templates(root);
    expect(files).toHaveLength(258);
    const failures = files.flatMap((f) => {
      try {
        parse(fs.readFileSync(f, 'utf8'), { file: path.relative(root, f) });
        return [];
      } catch (e) {
        return [`${path.relative(root, f)}: ${(e as Error).message}`];
      }
    });
    expect(failures).toEqual([]);
  });
});
