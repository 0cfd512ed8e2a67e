import { failure, render } from './support/render';


describe('output', () => {
  test.each([
    ['{{ none }}', 'None'],
    ['{{ [1, "a", none, true] }}', "[1, 'a', None, True]"],
    ['{{ (1,) }}|{{ ("a", 2) }}', "(1,)|('a', 2)"],
    ['{{ {"a": 1, 2: [3]} }}', "{'a': 1, 2: [3]}"],
    ['{{ 1.5 }} {{ 10 }} {{ false }}', '1.5 10 False'],
    ['a {{ "x" }} b\n', 'a x b'],
  ])('%s', async (src, out) => {
    expect(await render(src)).toBe(out);
  });

  test('an undefined variable raises UndefinedError at its position', async () => {
    expect(await failure('x\n {{ y }}')).toBe("UndefinedError: 'y' is undefined");
  });
});

describe('if', () => {
  test.each([
    ['{% if 0 %}a{% elif "" %}b{% elif [1] %}c{% else %}d{% endif %}', 'c'],
    ['{% if none %}a{% else %}b{% endif %}', 'b'],
    ['{% if {} %}a{% endif %}.', '.'],
  ])('%s', async (src, out) => {
    expect(await render(src)).toBe(out);
  });

  test('testing an undefined value is an error (StrictUndefined)', async () => {
    expect(await failure('{% if x %}a{% endif %}')).toBe("UndefinedError: 'x' is undefined");
  });
});

describe('for', () => {
  test.each([
    ['{% for x in [1, 2] %}{{ x }}{% endfor %}', '12'],
    ['{% for x in (1, 2) %}{{ x }}{% endfor %}', '12'],
    ['{% for c in "ab" %}{{ c }},{% endfor %}', 'a,b,'],
    ['{% for k in {"b": 1, "a": 2} %}{{ k }}{% endfor %}', 'ba'],
    ['{% for k, v in [("a", 1), ["b", 2]] %}{{ k }}={{ v }};{% endfor %}', 'a=1;b=2;'],
    ['{% for x in [] %}a{% else %}empty{% endfor %}', 'empty'],
    ['{% for x in [1, 2, 3] if x != 2 %}{{ loop.index }}/{{ loop.length }}:{{ x }} {% endfor %}', '1/2:1 2/2:3 '],
    ['{% for x in [1] if x > 5 %}a{% else %}none{% endfor %}', 'none'],
    ['{% for x in [1, 2, 3] %}{% if x == 2 %}{% continue %}{% endif %}{{ x }}{% endfor %}', '13'],
    ['{% for x in [1, 2, 3] %}{% if x == 2 %}{% break %}{% endif %}{{ x }}{% endfor %}', '1'],
    ['{% for x in [1, 2] %}{% break %}{% else %}else{% endfor %}', ''],
    // the `if` clause is tested as the loop reaches each item (the "first match" idiom)
    ['{% set ns = namespace(found=none) %}{% for x in [1, 2, 3] if ns.found is none %}{{ x }}{% set ns.found = x %}{% endfor %}{{ ns.found }}', '11'],
  ])('%s', async (src, out) => {
    expect(await render(src)).toBe(out);
  });

  test('the loop variables', async () => {
    const src =
      '{% for x in "abc" %}{{ loop.index }}{{ loop.index0 }}{{ loop.revindex }}{{ loop.revindex0 }}' +
      '{{ loop.first }}{{ loop.last }}{{ loop.length }}{{ loop.depth }}{{ loop.depth0 }}|{% endfor %}';
    expect(await render(src)).toBe('1032TrueFalse310|2121FalseFalse310|3210FalseTrue310|');
  });

  test('previtem, nextitem, cycle and changed', async () => {
    const src =
      '{% for x in [1, 1, 2] %}{{ loop.previtem is defined and loop.previtem }}-{{ loop.nextitem is defined and loop.nextitem }}' +
      '-{{ loop.cycle("odd", "even") }}-{{ loop.changed(x) }};{% endfor %}';
    expect(await render(src)).toBe('False-1-odd-True;1-2-even-False;1-False-odd-True;');
  });

  test('printing previtem on the first item is an error', async () => {
    expect(await failure('{% for x in [1] %}{{ loop.previtem }}{% endfor %}')).toBe('UndefinedError: there is no previous item');
    expect(await failure('{% for x in [1] %}{{ loop.nextitem }}{% endfor %}')).toBe('UndefinedError: there is no next item');
    expect(await failure('{% for x in [1] %}{{ loop.cycle() }}{% endfor %}')).toBe('TypeError: no items for cycling given');
    expect(await failure('{% for x in [1] %}{{ loop.foo }}{% endfor %}')).toBe("UndefinedError: 'jinja2.runtime.LoopContext object' has no attribute 'foo'");
  });

  test('recursive loops', async () => {
    const tree = [new Map<string, unknown>([['n', 'a'], ['c', [new Map<string, unknown>([['n', 'b'], ['c', []]])]]])];
    const src = '{% for i in tree recursive %}[{{ loop.depth }}{{ i.n }}{{ loop(i.c) }}]{% endfor %}';
    expect(await render(src, { tree })).toBe('[1a[2b]]');
    expect(await failure('{% for i in [1] %}{{ loop([]) }}{% endfor %}')).toBe("TypeError: The loop must have the 'recursive' marker to be called recursively.");
  });

  test.each([
    ['{% for a, b in [(1, 2, 3)] %}{% endfor %}', 'ValueError: too many values to unpack (expected 2)'],
    ['{% for a, b in [(1,)] %}{% endfor %}', 'ValueError: not enough values to unpack (expected 2, got 1)'],
    ['{% for a, b in [1] %}{% endfor %}', 'TypeError: cannot unpack non-iterable int object'],
    ['{% for a in 5 %}{% endfor %}', "TypeError: 'int' object is not iterable"],
    ['{% for a in none %}{% endfor %}', "TypeError: 'NoneType' object is not iterable"],
    ['{% for a in nope %}{% endfor %}', "UndefinedError: 'nope' is undefined"],
  ])('%s', async (src, message) => {
    expect(await failure(src)).toBe(message);
  });
});

describe('scoping', () => {
  test.each([
    // a set inside a loop does not leak out, and each iteration starts from the outer value
    ['{% set x = 0 %}{% for i in [1, 2] %}{{ x }}{% set x = i %}{{ x }}{% endfor %}{{ x }}', '01020'],
    // nor does an `if` inside a loop help
    ['{% set x = 0 %}{% for i in [1] %}{% if true %}{% set x = 5 %}{% endif %}{% endfor %}{{ x }}', '0'],
    // at the top level an `if` is no scope
    ['{% if true %}{% set x = 5 %}{% endif %}{{ x }}', '5'],
    // namespace() carries values out of a loop
    ['{% set ns = namespace(n=0) %}{% for i in [1, 2, 3] %}{% set ns.n = ns.n + i %}{% endfor %}{{ ns.n }}', '6'],
    ['{% set ns = namespace({"a": 1}, b=2) %}{{ ns.a }}{{ ns.b }}{{ ns["a"] }}', '121'],
    // with opens a scope; its values are evaluated outside it
    ['{% set a = 1 %}{% with a = 2, b = a %}{{ a }}{{ b }}{% set c = 3 %}{% endwith %}{{ a }}{{ c is defined }}', '211False'],
    // the loop target does not leak
    ['{% for i in [1] %}{% endfor %}{{ i is defined }}', 'False'],
    // a variable read before the loop keeps its value inside
    ['{% set a = 1 %}{% for i in [1] %}{{ a }}{% endfor %}', '1'],
    ['{% set a, b = 1, 2 %}{{ b }}{{ a }}', '21'],
  ])('%s', async (src, out) => {
    expect(await render(src)).toBe(out);
  });

  test('assigning an attribute of something that is not a namespace', async () => {
    expect(await failure('{% set d = {} %}{% set d.a = 1 %}')).toBe('TemplateRuntimeError: cannot assign attribute on non-namespace object');
  });

  test('a namespace attribute that is not set', async () => {
    expect(await failure('{% set ns = namespace() %}{{ ns.a }}')).toBe("UndefinedError: 'jinja2.utils.Namespace object' has no attribute 'a'");
  });
});

describe('blocks of statements', () => {
  test.each([
    ['{% set x %}a{{ 1 }}b{% endset %}[{{ x }}]', '[a1b]'],
    ['{% set x | upper %} ab {% endset %}[{{ x }}]', '[ AB ]'],
    ['{% set x | trim | upper %} ab {% endset %}[{{ x }}]', '[AB]'],
    ['{% set x %}{% set y = 1 %}{% endset %}{{ y is defined }}', 'False'],
    ['{% filter upper %}a{{ "b" }}{% endfilter %}c', 'ABc'],
    ['{% do [1].append(2) %}x', 'x'],
    ['{% set l = [] %}{% do l.append(1) %}{{ l }}', '[1]'],
    ['{% print 1, "a" %}', '1a'],
  ])('%s', async (src, out) => {
    expect(await render(src)).toBe(out);
  });
});

describe('whitespace control', () => {
  test.each([
    ['a\n{%- if true -%}\n b \n{%- endif %}\n', 'ab'],
    ['a\n{%- if true %}\n b \n{%+ endif %}\n', 'a\n b \n'],
    ['{% for x in [1, 2] %}\n{{ x }}\n{% endfor %}\n', '\n1\n\n2\n'],
  ])('%j', async (src, out) => {
    expect(await render(src)).toBe(out);
  });

  test('trim_blocks and lstrip_blocks', async () => {
    const src = 'a:\n  {% for x in [1, 2] %}\n  - {{ x }}\n  {% endfor %}\n';
    expect(await render(src, {}, {}, { trimBlocks: true, lstripBlocks: true })).toBe('a:\n  - 1\n  - 2\n');
  });
});
