/**
 * Hostile templates and values (issue 13's attack pass): each must end in a
 * Python-worded error (or Python's result), never a hang, a crash, a JS
 * error message, or a polluted prototype.
 */
import { TemplateSyntaxError } from '@brine/core/jinja/errors';
import { MAX_ITEMS, MAX_NESTING, MAX_STRING } from '@brine/core/jinja/runtime/limits';
import { failure, render } from './support/render';

const TOO_DEEP = `TemplateSyntaxError: the template nests expressions or tags more than ${MAX_NESTING} levels deep (brine's limit)`;

/** `TemplateSyntaxError: message` of the syntax error rendering `source` raises. */
async function syntaxError(source: string): Promise<string> {
  const e = await (async () => render(source))().then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(TemplateSyntaxError);
  return `TemplateSyntaxError: ${(e as Error).message}`;
}

describe('nesting past the parser and evaluator stacks', () => {
  test.each([
    ['parentheses', `{{ ${'('.repeat(100_000)}1${')'.repeat(100_000)} }}`],
    ['lists', `{{ ${'['.repeat(100_000)}${']'.repeat(100_000)} }}`],
    ['unary minus', `{{ ${'-'.repeat(100_000)}1 }}`],
    ['not', `{{ ${'not '.repeat(50_000)}1 }}`],
    ['a left-associative chain', `{{ 1${'+1'.repeat(100_000)} }}`],
    ['attribute chains', `{{ x${'.a'.repeat(100_000)} }}`],
    ['filter chains', `{{ 1${'|abs'.repeat(100_000)} }}`],
    ['calls', `{{ f${'()'.repeat(100_000)} }}`],
    ['inline ifs', `{{ ${"'a' if 1 else ".repeat(50_000)}1 }}`],
    ['if tags', `${'{% if 1 %}'.repeat(50_000)}${'{% endif %}'.repeat(50_000)}`],
    ['for tags', `${'{% for x in [1] %}'.repeat(20_000)}${'{% endfor %}'.repeat(20_000)}`],
  ])('%s are a TemplateSyntaxError naming the limit', async (_what, source) => {
    await expect(syntaxError(source)).resolves.toBe(TOO_DEEP);
  });

  test('nesting up to the limit renders', async () => {
    const depth = MAX_NESTING - 10;
    await expect(render(`{{ (${'['.repeat(depth)}${']'.repeat(depth)}|flatten) }}`)).resolves.toBe('[]');
    await expect(render(`{{ 0${'+1'.repeat(depth)} }}`)).resolves.toBe(String(depth));
    await expect(render(`${'{% for x in [1] %}'.repeat(depth / 2)}x${'{% endfor %}'.repeat(depth / 2)}`)).resolves.toBe('x');
  });
});

describe('recursion is RecursionError, as in Jinja', () => {
  test.each([
    ['a recursive macro', '{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}', {}],
    ['a recursive loop', '{% set l = [1] %}{% for x in l recursive %}{{ loop(l) }}{% endfor %}', {}],
    ['a self include', '{% include "a" %}', { a: '{% include "a" %}' }],
    ['imports of each other', '{% import "a" as a %}', { a: '{% import "b" as b %}', b: '{% import "a" as a %}' }],
    ['from-imports of each other', '{% from "a" import x %}', { a: '{% from "b" import x %}{% set x = 1 %}', b: '{% from "a" import x %}{% set x = 1 %}' }],
    ['a self extends', '{% extends "a" %}', { a: '{% extends "a" %}' }],
    ['a self-containing list printed', '{% set l = [] %}{% do l.append(l) %}{{ l }}', {}],
    ['a self-containing dict as JSON', '{% set d = {} %}{% do d.update({"a": d}) %}{{ d|tojson }}', {}],
  ])('%s', async (_what, source, files: Record<string, string>) => {
    await expect(failure(source, {}, files)).resolves.toBe('RecursionError: maximum recursion depth exceeded');
  });
});

describe('sizes', () => {
  test.each([
    ["'x' * 10**10", `a str of more than ${MAX_STRING} characters`],
    ['[1] * 10**9', `a list of more than ${MAX_ITEMS} items`],
    ['(1,) * 10**9', `a list of more than ${MAX_ITEMS} items`],
    ["('x'|center(10**8))|length", `a str of more than ${MAX_STRING} characters`],
    ["('%99999999d' % 1)|length", `a str of more than ${MAX_STRING} characters`],
    ["'{:99999999}'.format(1)|length", `a str of more than ${MAX_STRING} characters`],
    ['[1]|slice(10**9)|list', `a list of more than ${MAX_ITEMS} items`],
  ])('%s is a MemoryError naming the limit', async (expr, what) => {
    await expect(failure(`{{ ${expr} }}`)).resolves.toBe(`MemoryError: ${what} (brine's limit for one render)`);
  });

  test.each([["'%999999999d' % 1"], ["'{:999999999}'.format(1)"], ["'x'.ljust(10**10)"], ["'x'|indent(10**9)"], ["'\\tx'.expandtabs(10**10)"]])(
    '%s is a MemoryError, not a RangeError',
    async (expr) => {
      await expect(failure(`{{ ${expr} }}`)).resolves.toMatch(/^MemoryError: a value too large to build \(Invalid string length\)/);
    },
  );

  test('doubling a list in a loop stops at the limit', async () => {
    await expect(failure('{% set l = [1] %}{% for i in range(40) %}{% do l.extend(l) %}{% endfor %}')).resolves.toBe(
      `MemoryError: a list of more than ${MAX_ITEMS} items (brine's limit for one render)`,
    );
  });

  test('long lists are no stack overflow (no spread of their items into a call)', async () => {
    await expect(render('{% set l = [] %}{% do l.extend(range(300000)) %}{{ l|length }}')).resolves.toBe('300000');
    await expect(render('{% set l = range(300000)|list %}{% do l.sort(reverse=true) %}{{ l[0] }} {{ l|length }}')).resolves.toBe('299999 300000');
    await expect(render('{{ (range(300000)|list * 2)|length }}')).resolves.toBe('600000');
    await expect(render("{{ ('%s' * 300000)|format(*range(300000))|length }}")).resolves.toBe('1688890');
  });

  test('unique of a long list of strs is not quadratic', async () => {
    await expect(render("{{ (range(300000)|map('string')|list|unique|list)|length }} {{ ['a', 1, 'a', 1.0, True]|unique|list }}")).resolves.toBe(
      "300000 ['a', 1]",
    );
  });

  test.each([['range(10000)|combinations(3)'], ['range(20)|permutations'], ['range(30)|combinations_with_replacement(10)'], ['range(1000)|product(range(1000), range(100))']])(
    '%s is refused before it is built',
    async (expr) => {
      await expect(failure(`{{ ${expr} }}`)).resolves.toBe(`MemoryError: a list of more than ${MAX_ITEMS} items (brine's limit for one render)`);
    },
  );

  test('indexing a long str in a loop is linear', async () => {
    const start = Date.now();
    await expect(render("{% set s = 'ab' * 50000 %}{% set ns = namespace(n=0) %}{% for i in range(100000) %}{% if s[i] == 'a' %}{% set ns.n = ns.n + 1 %}{% endif %}{% endfor %}{{ ns.n }}")).resolves.toBe('50000');
    expect(Date.now() - start).toBeLessThan(5000);
    await expect(render("{% set s = 'h\\U0001F600llo' %}{{ s[1] }}{{ s[2] }}{{ s[1:3] }}{{ s[-1] }}")).resolves.toBe('😀l😀lo');
  });

  test("set filters on long lists of strs are not quadratic, with Python's == for the rest", async () => {
    const start = Date.now();
    await expect(render("{{ (range(300000)|map('string')|list)|difference(range(1000)|map('string')|list)|length }}")).resolves.toBe('299000');
    await expect(render("{{ (range(100000)|map('string')|list)|intersect(range(100000)|map('string')|list)|length }}")).resolves.toBe('100000');
    expect(Date.now() - start).toBeLessThan(5000);
    await expect(render("{{ ['a', 1, 'b', 2.0, true]|difference(['a', 2, 1.0]) }} {{ ['a', 1, 'b']|intersect(['b', 1.0, 'a']) }} {{ [1, 'a']|symmetric_difference(['a', 2]) }}")).resolves.toBe(
      "['b'] ['a', 1, 'b'] [1, 2]",
    );
  });

  test("huge precisions are Python's digits, not a hang", async () => {
    const out = await render("{{ ('%.999999f' % 0.1)|length }} {{ '%.1100f' % 0.1 }} {{ '{:.800e}'.format(0.1) }}");
    const [len, fixed, exp] = out.split(' ');
    expect(len).toBe('1000001');
    expect(fixed).toBe(`0.1000000000000000055511151231257827021181583404541015625${'0'.repeat(1100 - 55)}`);
    expect(exp).toBe(`1.000000000000000055511151231257827021181583404541015625${'0'.repeat(800 - 54)}e-01`);
  });
});

describe('filters on long input stay linear', () => {
  test("striptags: markupsafe's results, without rescanning after each unclosed '<'", async () => {
    await expect(
      render("{{ ['a <b>c</b> <!-- x <y> --> d', 'a < b', 'x <!-- unterminated <b> y', '<<a>a>', 'a &amp; <i>b</i>   c', '<!-<!--x-->- y -->z']|map('striptags')|list }}"),
    ).resolves.toBe("['a c d', 'a < b', 'x y', 'a>', 'a & b c', 'z']");
    const start = Date.now();
    await expect(render("{{ ('<a ' * 100000)|striptags|length }}")).resolves.toBe('299999');
    expect(Date.now() - start).toBeLessThan(2000);
  });

  test("wordwrap breaks a long word without re-measuring it at every line (Python's lines)", async () => {
    await expect(render("{{ 'ab-cd-efghij-klmnop qr\\U0001F600\\U0001F600\\U0001F600\\U0001F600 s'|wordwrap(4, wrapstring='|') }}")).resolves.toBe(
      'ab-|cd-e|fghi|j-kl|mnop|qr😀😀|😀😀 s',
    );
    await expect(render("{{ '---abc-def'|wordwrap(3, wrapstring='|') }} {{ ('\\U0001F600' * 7)|wordwrap(3, wrapstring='|') }}")).resolves.toBe('---|abc|-|def 😀😀😀|😀😀😀|😀');
    const start = Date.now();
    await expect(render("{{ ('a' * 300000)|wordwrap(3)|length }}")).resolves.toBe('399999');
    expect(Date.now() - start).toBeLessThan(3000);
  });
});

describe('regular expressions', () => {
  test("a bad group name in a replacement is re.error, as Python's", async () => {
    await expect(failure("{{ 'x'|regex_replace('x', '\\\\g<(>') }}")).resolves.toBe("re.error: bad character in group name '(' at position 3");
  });
});

describe('prototype keys are data', () => {
  test.each([
    ["{% set d = {} %}{% do d.update({'__proto__': {'polluted': 1}}) %}{{ d }}", "{'__proto__': {'polluted': 1}}"],
    ["{{ dict(__proto__=1, constructor=2) }}", "{'__proto__': 1, 'constructor': 2}"],
    ['{% load_json as j %}{"__proto__": {"polluted": 1}}{% endload %}{{ j.__proto__ }}', "{'polluted': 1}"],
    ['{% load_yaml as j %}__proto__: {polluted: 1}{% endload %}{{ j }}', "{'__proto__': {'polluted': 1}}"],
    ["{{ '__proto__' in {} }} {{ {}.get('constructor') }}", 'False None'],
  ])('%s', async (source, out) => {
    await expect(render(source)).resolves.toBe(out);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
