import { env, failure, render, renderError } from './support/render';
import { HostObject, PyError, PyFunction, Undefined, tuple } from '@brine/core/jinja/runtime/values';
import { TemplateAssertionError, TemplateRuntimeError } from '@brine/core/jinja/environment';
import { SaltError } from '@brine/core/errors';


describe('arithmetic, as Python', () => {
  test.each([
    ['{{ 1 + 2 }}', '3'],
    ['{{ 7 / 2 }}', '3.5'],
    ['{{ -7 // 2 }} {{ 7 // -2 }}', '-4 -4'],
    ['{{ -7 % 2 }} {{ 7 % -2 }} {{ -7.5 % 2 }}', '1 -1 0.5'],
    ['{{ 2 ** 10 }} {{ 2 ** -1 }}', '1024 0.5'],
    ['{{ -2 ** 2 }}', '4'],
    ['{{ true + 1 }}', '2'],
    ['{{ "a" + "b" }} {{ [1] + [2] }} {{ (1,) + (2,) }}', "ab [1, 2] (1, 2)"],
    ['{{ "ab" * 2 }} {{ 2 * [0] }} {{ "x" * 0 }}', 'abab [0, 0] '],
    ['{{ "%s-%s" % ("a", 1) }}', 'a-1'],
    ['{{ 1 ~ "a" ~ none }}', '1aNone'],
    ['{{ -(3) }} {{ +3 }} {{ not 0 }}', '-3 3 True'],
  ])('%s', async (src, out) => {
    expect(await render(src)).toBe(out);
  });

  test.each([
    ['{{ 1 / 0 }}', 'ZeroDivisionError: division by zero'],
    ['{{ 1 // 0 }}', 'ZeroDivisionError: integer division or modulo by zero'],
    ['{{ 1 % 0 }}', 'ZeroDivisionError: integer modulo by zero'],
    ['{{ 1.5 / 0 }}', 'ZeroDivisionError: float division by zero'],
    ['{{ 1.5 // 0 }}', 'ZeroDivisionError: float floor division by zero'],
    ['{{ 1.5 % 0 }}', 'ZeroDivisionError: float modulo'],
    ['{{ 0 ** -1 }}', 'ZeroDivisionError: 0.0 cannot be raised to a negative power'],
    ['{{ "a" + 1 }}', 'TypeError: can only concatenate str (not "int") to str'],
    ['{{ 1 + "a" }}', "TypeError: unsupported operand type(s) for +: 'int' and 'str'"],
    ['{{ [1] + (1,) }}', 'TypeError: can only concatenate list (not "tuple") to list'],
    ['{{ {} + {} }}', "TypeError: unsupported operand type(s) for +: 'dict' and 'dict'"],
    ['{{ none + 1 }}', "TypeError: unsupported operand type(s) for +: 'NoneType' and 'int'"],
    ['{{ "a" * "b" }}', "TypeError: can't multiply sequence by non-int of type 'str'"],
    ['{{ "a" * 2.5 }}', "TypeError: can't multiply sequence by non-int of type 'float'"],
    ['{{ "a" ** 2 }}', "TypeError: unsupported operand type(s) for ** or pow(): 'str' and 'int'"],
    ['{{ [] % 1 }}', "TypeError: unsupported operand type(s) for %: 'list' and 'int'"],
    ['{{ -"a" }}', "TypeError: bad operand type for unary -: 'str'"],
    ['{{ [0] * 100000000 }}', "MemoryError: a list of more than 4194304 items (brine's limit for one render)"],
    ['{{ x + 1 }}', "UndefinedError: 'x' is undefined"],
    ['{{ 1 ~ x }}', "UndefinedError: 'x' is undefined"],
    ['{{ not x }}', "UndefinedError: 'x' is undefined"],
  ])('%s', async (src, message) => {
    expect(await failure(src)).toBe(message);
  });
});

describe('int arguments, as operator.index', () => {
  // Python: StrictUndefined has no __index__, so an int argument refuses it with TypeError, not UndefinedError
  test.each([
    ['{{ range(x) }}', "TypeError: 'StrictUndefined' object cannot be interpreted as an integer"],
    ['{{ "ab"|center(x) }}', "TypeError: 'StrictUndefined' object cannot be interpreted as an integer"],
    ['{{ [1, 2]|batch(x)|list }}', "UndefinedError: 'x' is undefined"],
    ['{{ range(1.5) }}', "TypeError: 'float' object cannot be interpreted as an integer"],
  ])('%s', async (src, message) => {
    expect(await failure(src)).toBe(message);
  });

  // Jinja's batch only compares len(tmp) == linecount
  test.each([
    ['{{ [1, 2, 3]|batch("x")|list }}', '[[1, 2, 3]]'],
    ['{{ [1, 2, 3]|batch(2.0)|list }}', '[[1, 2], [3]]'],
    ['{{ [1, 2, 3]|batch(0)|list }}', '[[], [1, 2, 3]]'],
    ['{{ []|batch(x)|list }}', '[]'],
  ])('%s', async (src, out) => {
    expect(await render(src)).toBe(out);
  });
});

describe('dict keys, as Python hashes them', () => {
  test.each([
    ['{{ {(1, [2]): 1} }}', "TypeError: unhashable type: 'list'"],
    ['{{ (1, [2]) in {} }}', "TypeError: unhashable type: 'list'"],
    ['{{ dict([((1, [2]), 1)]) }}', "TypeError: unhashable type: 'list'"],
    ['{{ dict(1, 2) }}', 'TypeError: dict expected at most 1 argument, got 2'],
    ['{{ {}.update(1, 2) }}', 'TypeError: update expected at most 1 argument, got 2'],
  ])('%s', async (src, message) => {
    expect(await failure(src)).toBe(message);
  });

  test.each([
    ['{{ {}[(1, [2])] is defined }}', 'False'],
    // dict() takes any 2-item iterable as a pair, a dict's keys included
    ['{{ dict([{1: 2, 3: 4}]) }}', '{1: 3}'],
  ])('%s', async (src, out) => {
    expect(await render(src)).toBe(out);
  });
});

describe('in, as Python evaluates it', () => {
  // Python: an undefined item fails only where it is compared or hashed
  test.each([
    ['{{ x in [] }} {{ x is in [] }}', 'False False'],
  ])('%s', async (src, out) => {
    expect(await render(src)).toBe(out);
  });

  test.each([
    ['{{ x in [1] }}', "UndefinedError: 'x' is undefined"],
    ['{{ x in {} }}', "UndefinedError: 'x' is undefined"],
    ['{{ x in "abc" }}', "TypeError: 'in <string>' requires string as left operand, not StrictUndefined"],
    ['{{ 1 in x }}', "UndefinedError: 'x' is undefined"],
    ['{{ x is odd }}', "UndefinedError: 'x' is undefined"],
  ])('%s', async (src, message) => {
    expect(await failure(src)).toBe(message);
  });
});

describe('logic and comparisons', () => {
  test.each([
    ['{{ 0 or "b" }} {{ 1 and "c" }} {{ "" and x }} {{ 1 or x }}', 'b c  1'],
    ['{{ 1 < 2 < 3 }} {{ 1 < 3 < 2 }} {{ 3 > 2 >= 2 }}', 'True False True'],
    ['{{ 1 == 1.0 }} {{ 1 == true }} {{ "1" == 1 }} {{ [1, 2] == [1, 2] }} {{ (1,) == [1] }}', 'True True False True False'],
    ['{{ "b" in "abc" }} {{ 2 in [1, 2] }} {{ "k" in {"k": 1} }} {{ 3 not in (1,) }}', 'True True True True'],
    ['{{ "a" < "b" }} {{ [1, 2] < [1, 3] }}', 'True True'],
    // by code point, as Python: U+FFFF sorts before an astral character (UTF-16 order would not)
    ['{{ "\uffff" < "😀" }} {{ ["😀", "\uffff", "a"]|sort|list == ["a", "\uffff", "😀"] }}', 'True True'],
    ['{{ {"a": 1, "b": 2} == {"b": 2, "a": 1} }}', 'True'],
  ])('%s', async (src, out) => {
    expect(await render(src)).toBe(out);
  });

  test.each([
    ['{{ 1 < "a" }}', "TypeError: '<' not supported between instances of 'int' and 'str'"],
    ['{{ none >= 1 }}', "TypeError: '>=' not supported between instances of 'NoneType' and 'int'"],
    ['{{ 1 in "abc" }}', "TypeError: 'in <string>' requires string as left operand, not int"],
    ['{{ "a" in 5 }}', "TypeError: argument of type 'int' is not iterable"],
    ['{{ [1] in {} }}', "TypeError: unhashable type: 'list'"],
    ['{{ x == 1 }}', "UndefinedError: 'x' is undefined"],
    ['{{ 1 in x }}', "UndefinedError: 'x' is undefined"],
  ])('%s', async (src, message) => {
    expect(await failure(src)).toBe(message);
  });

  test('an inline if without else', async () => {
    expect(await render('{{ "a" if true }}')).toBe('a');
    expect(await render('{{ ("a" if false) is defined }}')).toBe('False');
    expect(await failure('\n{{ "a" if false }}')).toBe(
      "UndefinedError: the inline if-expression on line 2 in 'test.sls' evaluated to false and no else section was defined.",
    );
  });
});

describe('attribute and item access', () => {
  const d = new Map<unknown, unknown>([['a', new Map([['b', 1]])], ['items', 'key'], [1, 'one']]);
  test.each([
    ['{{ d.a.b }} {{ d["a"]["b"] }} {{ d[1] }} {{ d[1.0] }}', '1 1 one one'],
    ['{{ d["items"] }}', 'key'],
    ['{{ d.items()|length }}', '3'],
    ['{{ [1, 2, 3][-1] }} {{ [1, 2][0] }} {{ "abc"[1] }} {{ (4, 5)[true] }}', '3 1 b 5'],
    ['{{ "abcdef"[1:3] }} {{ "abcdef"[::-1] }} {{ [1, 2, 3, 4][::2] }} {{ (1, 2, 3)[1:] }} {{ [1, 2, 3][-2:] }}', 'bc fedcba [1, 3] (2, 3) [2, 3]'],
    ['{{ [1, 2, 3][5:] }} {{ "abc"[:-5] }} {{ [1, 2, 3, 4, 5][4:1:-2] }}', '[]  [5, 3]'],
    ['{{ "a b".split() }}', "['a', 'b']"],
    ['{{ d.nope is defined }} {{ d.a.nope is defined }}', 'False False'],
  ])('%s', async (src, out) => {
    expect(await render(src, { d })).toBe(out);
  });

  test.each([
    ['{{ d.x }}', "UndefinedError: 'dict object' has no attribute 'x'"],
    ['{{ d["x"] }}', "UndefinedError: 'dict object' has no attribute 'x'"],
    ['{{ d[5] }}', 'UndefinedError: dict object has no element 5'],
    ['{{ [1][3] }}', 'UndefinedError: list object has no element 3'],
    ['{{ "ab".nope }}', "UndefinedError: 'str object' has no attribute 'nope'"],
    ['{{ none.x }}', "UndefinedError: 'None' has no attribute 'x'"],
    ['{{ 1 .x }}', "UndefinedError: 'int object' has no attribute 'x'"],
    ['{{ x.y }}', "UndefinedError: 'x' is undefined"],
    ['{{ x["y"] }}', "UndefinedError: 'x' is undefined"],
    ['{{ d.x.y }}', "UndefinedError: 'dict object' has no attribute 'x'"],
    ['{{ "abc"[::0] }}', 'ValueError: slice step cannot be zero'],
    ['{{ "abc"["a":] }}', 'TypeError: slice indices must be integers or None or have an __index__ method'],
  ])('%s', async (src, message) => {
    expect(await failure(src, { d })).toBe(message);
  });
});

describe('literals', () => {
  test('dict literals keep order and Python key equality', async () => {
    expect(await render('{{ {"b": 1, "a": 2, "b": 3} }} {{ {1: "a", 1.0: "b", true: "c"} }}')).toBe("{'b': 3, 'a': 2} {1: 'c'}");
  });
  test('an unhashable dict key', async () => {
    expect(await failure('{{ {[1]: 2} }}')).toBe("TypeError: unhashable type: 'list'");
  });
});

describe('calls', () => {
  const f = new PyFunction('f', (args, kwargs) => `${args.length}:${[...kwargs.keys()].join(',')}`);
  test.each([
    ['{{ f() }} {{ f(1, 2) }} {{ f(1, a=2) }} {{ f(*[1, 2], **{"b": 1}) }} {{ f(1, *(2, 3), c=1, **{"d": 2}) }}', '0: 2: 1:a 2:b 3:c,d'],
  ])('%s', async (src, out) => {
    expect(await render(src, { f })).toBe(out);
  });

  test.each([
    ['{{ "a"() }}', "TypeError: 'str' object is not callable"],
    ['{{ {}() }}', "TypeError: 'dict' object is not callable"],
    ['{{ nope() }}', "UndefinedError: 'nope' is undefined"],
    ['{{ d.nope() }}', "UndefinedError: 'dict object' has no attribute 'nope'"],
    ['{{ f(**[1]) }}', 'TypeError: argument after ** must be a mapping, not list'],
    ['{{ f(a=1, **{"a": 2}) }}', "TypeError: got multiple values for keyword argument 'a'"],
  ])('%s', async (src, message) => {
    expect(await failure(src, { f, d: new Map() })).toBe(message);
  });

  test('an async function is awaited', async () => {
    const later = new PyFunction('later', async (args) => `<${String(args[0])}>`);
    expect(await render('{{ later(1) }}{{ later(2)|async_upper }}', { later })).toBe('<1><2>');
  });

  test("a function's error keeps its type, the position of the call and the original as cause", async () => {
    const boom = new PyFunction('boom', async () => {
      throw new SaltError('no such thing');
    });
    const e = (await env().fromString('a\n  {{ boom() }}', 'x.sls').render({ boom }).catch((x: unknown) => x)) as TemplateRuntimeError;
    expect(e).toBeInstanceOf(TemplateRuntimeError);
    expect([e.pyType, e.reason, e.file, e.line, e.column, e.source]).toEqual(['SaltError', 'no such thing', 'x.sls', 2, 6, 'a\n  {{ boom() }}']);
    expect((e as Error & { cause?: unknown }).cause).toBeInstanceOf(SaltError);
    const py = new PyFunction('py', () => {
      throw new PyError('CommandExecutionError', 'bad');
    });
    expect(await failure('{{ py() }}', { py })).toBe('CommandExecutionError: bad');
    const located = (await env().fromString('{{ py() }}').render({ py }).catch((x: unknown) => x)) as Error & { cause?: unknown };
    expect(located.cause).toBeInstanceOf(PyError);
  });
});

describe('filters and tests', () => {
  test.each([
    ['{{ "a"|upper }} {{ [1, 2]|join("-") }} {{ x|default("d") }} {{ "ab"|list|join(",")|upper }}', 'A 1-2 d A,B'],
    ['{{ 3 is odd }} {{ 4 is odd }} {{ 4 is not odd }} {{ 9 is divisibleby 3 }} {{ x is defined }} {{ none is none }}', 'True False True True False True'],
    ['{% if false %}{{ 1|nope }}{% endif %}ok', 'ok'],
    ['{{ 1 if true else (1|nope) }}', '1'],
    ['{% if false %}{% with a = 1|nope %}{% endwith %}{% endif %}ok', 'ok'],
  ])('%s', async (src, out) => {
    expect(await render(src)).toBe(out);
  });

  test('an unknown filter or test is a compile-time error', () => {
    expect(() => env().fromString('\n{{ 1|nope }}')).toThrow(new TemplateAssertionError("No filter named 'nope'.", 2, 5));
    expect(() => env().fromString('{{ 1 is nope }}')).toThrow("No test named 'nope'.");
    expect(() => env().fromString('{% for x in [] %}{% if x %}{{ x|nope }}{% endif %}{% endfor %}')).not.toThrow();
    expect(() => env().fromString('{% if x %}{% for y in x %}{{ y|nope }}{% endfor %}{% endif %}')).toThrow("No filter named 'nope'.");
    expect(() => env().fromString('{% if x %}{% with a = 1 %}{{ a|nope }}{% endwith %}{% endif %}')).toThrow("No filter named 'nope'.");
    expect(() => env().fromString('{% for a, loop in [] %}{% endfor %}')).toThrow("Can't assign to special loop variable in for-loop target");
  });

  test('...unless Jinja defers it to run time inside an if', async () => {
    expect(await failure('{% if true %}{{ 1|nope }}{% endif %}')).toBe("TemplateRuntimeError: No filter named 'nope' found.");
    expect(await failure('{% if 1 is nope %}{% endif %}')).toBe("TemplateRuntimeError: No test named 'nope' found.");
  });
});

describe('builtin globals', () => {
  test.each([
    ['{{ range(3) }} {{ range(1, 4) }} {{ range(5, 0, -2) }} {{ range(0) }}', '[0, 1, 2] [1, 2, 3] [5, 3, 1] []'],
    ['{{ dict(a=1, b=2) }} {{ dict([("a", 1)], b=2) }} {{ dict({"x": 1}) }}', "{'a': 1, 'b': 2} {'a': 1, 'b': 2} {'x': 1}"],
    ['{% set c = cycler("a", "b") %}{{ c.next() }}{{ c.next() }}{{ c.next() }}{{ c.current }}{% do c.reset() %}{{ c.next() }}', 'ababa'],
    ['{% set j = joiner("|") %}{% for x in [1, 2, 3] %}{{ j() }}{{ x }}{% endfor %}', '1|2|3'],
    ['{% set range = 5 %}{{ range }}', '5'],
  ])('%s', async (src, out) => {
    expect(await render(src)).toBe(out);
  });

  test.each([
    ['{{ range() }}', 'TypeError: range expected at least 1 argument, got 0'],
    ['{{ range(1, 2, 3, 4) }}', 'TypeError: range expected at most 3 arguments, got 4'],
    ['{{ range(1, 2, 0) }}', 'ValueError: range() arg 3 must not be zero'],
    ['{{ range(1.5) }}', "TypeError: 'float' object cannot be interpreted as an integer"],
    ['{{ range(10000000) }}', 'OverflowError: range() of 10000000 items is too large to render (at most 1000000)'],
    ['{{ dict([1]) }}', 'TypeError: cannot convert dictionary update sequence element #0 to a sequence'],
    ['{{ dict([(1, 2, 3)]) }}', 'ValueError: dictionary update sequence element #0 has length 3; 2 is required'],
    ['{{ dict(1, 2) }}', 'TypeError: dict expected at most 1 argument, got 2'],
    ['{{ cycler() }}', 'RuntimeError: at least one item has to be provided'],
  ])('%s', async (src, message) => {
    expect(await failure(src)).toBe(message);
  });

  test('Environment globals and render variables, the latter winning', async () => {
    const e = env({}, { globals: { g: 1, v: 'global' } });
    expect(await e.fromString('{{ g }} {{ v }} {{ t }}').render({ v: 'var', t: tuple([1]) })).toBe('1 var (1,)');
  });
});

describe('host objects', () => {
  class Funcs extends HostObject {
    readonly typeName = 'salt.loader.lazy.LazyLoader';
    getattr(name: string): unknown {
      return new Undefined(name, this);
    }
    override getitem(key: unknown): unknown {
      return key === 'test.ping' ? new PyFunction('test.ping', () => true) : new Undefined(key, this);
    }
    contains(item: unknown): boolean {
      return item === 'test.ping';
    }
    iterate(): unknown[] {
      return ['test.ping'];
    }
  }

  test('item access, calls, `in` and iteration go through the host object', async () => {
    const salt = new Funcs();
    expect(await render("{{ salt['test.ping']() }} {{ 'test.ping' in salt }} {{ 'x' in salt }} {% for f in salt %}{{ f }}{% endfor %}", { salt })).toBe('True True False test.ping');
    expect(await failure("{{ salt['nope']() }}", { salt })).toBe("UndefinedError: 'salt.loader.lazy.LazyLoader object' has no attribute 'nope'");
    expect(await failure('{{ salt.nope }}', { salt })).toBe("UndefinedError: 'salt.loader.lazy.LazyLoader object' has no attribute 'nope'");
  });
});

describe('error positions', () => {
  test.each([
    ['a\n  {{ d.x.y }}', 2, 6],
    ['{{ 1 }}\n{% if d["x"]["y"] %}{% endif %}', 2, 7],
    ['{% set v = 1 %}{{ v + d.x.y }}', 1, 23],
    ['{{ "%s" ~ d.x.y }}', 1, 11],
  ])('%j fails at line %i column %i', async (src, line, column) => {
    const e = await renderError(src, { d: new Map() });
    expect([e.reason, e.line, e.column, e.file]).toEqual(["'dict object' has no attribute 'x'", line, column, 'test.sls']);
  });
});
