/**
 * strFormat and strFormatMap: str.format() and str.format_map() as Salt's
 * Jinja2 3.1.2 SandboxedEnvironment runs them. Every expectation is what
 * `{{ f.format(*a, **k) }}` renders to (or `!Type: message`) in that
 * sandbox on CPython 3.11 with StrictUndefined.
 */
import { strFormat, strFormatMap } from '@brine/core/jinja/python/str-format';
import { HostObject, Namespace, PyError, Undefined, UndefinedError, tuple } from '@brine/core/jinja/runtime/values';

/** The outcome of `fn` as the rows describe it. */
function outcome(fn: () => string): string {
  try {
    return fn();
  } catch (e) {
    if (e instanceof PyError) return `!${e.pyType}: ${e.message}`;
    throw e;
  }
}

describe('strFormat (Jinja2 sandbox str.format)', () => {
  it.each<[string, unknown[], Record<string, unknown>, string]>([
    ["{} and {}", [1, "a"], {}, "1 and a"],
    ["{1}{0}{1}", ["a", "b"], {}, "bab"],
    ["{x}-{y!r}", [], {"x": 1, "y": "b"}, "1-'b'"],
    ["{0}{}", [1], {}, "!ValueError: cannot switch from manual field specification to automatic field numbering"],
    ["{}{0}", [1], {}, "!ValueError: cannot switch from manual field specification to automatic field numbering"],
    ["{}", [], {}, "!IndexError: tuple index out of range"],
    ["{1}", [0], {}, "!IndexError: tuple index out of range"],
    ["{a}", [], {}, "!KeyError: 'a'"],
    ["{0[a]}", [new Map<unknown, unknown>([["a", 5]])], {}, "5"],
    ["{0[1]}", [new Map<unknown, unknown>([[1, "int key"]])], {}, "int key"],
    ["{x[0]}", [], {"x": [7]}, "7"],
    ["{0[a][b]}", [new Map<unknown, unknown>([["a", new Map<unknown, unknown>([["b", "deep"]])]])], {}, "deep"],
    ["{0[0][1]}", [[tuple([1, 2])]], {}, "2"],
    ["{0[a]}", ["abc"], {}, "!UndefinedError: 'str object' has no attribute 'a'"],
    ["{0[5]}", ["abc"], {}, "!UndefinedError: str object has no element 5"],
    ["{0[1]}", ["a😀c"], {}, "😀"],
    ["{0[0]}", [5], {}, "!UndefinedError: int object has no element 0"],
    ["{0[a]}", [[1]], {}, "!UndefinedError: 'list object' has no attribute 'a'"],
    ["{0[1]}", [[1]], {}, "!UndefinedError: list object has no element 1"],
    ["{0[1]}", [tuple([1])], {}, "!UndefinedError: tuple object has no element 1"],
    ["{0[-1]}", [[1]], {}, "!UndefinedError: 'list object' has no attribute '-1'"],
    ["{0[b]}", [new Map<unknown, unknown>([["a", 1]])], {}, "!UndefinedError: 'dict object' has no attribute 'b'"],
    ["{0.x}", [new Map<unknown, unknown>([])], {}, "!UndefinedError: 'dict object' has no attribute 'x'"],
    ["{0.}", [new Map<unknown, unknown>([])], {}, "!ValueError: Empty attribute in format string"],
    ["{0[]}", [new Map<unknown, unknown>([])], {}, "!ValueError: Empty attribute in format string"],
    ["{0[a}", [new Map<unknown, unknown>([])], {}, "!ValueError: expected '}' before end of string"],
    ["{0[a]x}", [new Map<unknown, unknown>([])], {}, "!ValueError: Only '.' or '[' may follow ']' in format field specifier"],
    ["{0[a]x}", [new Map<unknown, unknown>([["a", 1]])], {}, "!ValueError: Only '.' or '[' may follow ']' in format field specifier"],
    ["{[0]}", [[9]], {}, "!KeyError: ''"],
    ["{!x}", [1], {}, "!ValueError: Unknown conversion specifier x"],
    ["{!}", [1], {}, "!ValueError: unmatched '{' in format spec"],
    ["{!r", [1], {}, "!ValueError: unmatched '{' in format spec"],
    ["{!rx}", [1], {}, "!ValueError: expected ':' after conversion specifier"],
    ["{", [], {}, "!ValueError: Single '{' encountered in format string"],
    ["}", [], {}, "!ValueError: Single '}' encountered in format string"],
    ["{0", [], {}, "!ValueError: expected '}' before end of string"],
    ["a}b", [], {}, "!ValueError: Single '}' encountered in format string"],
    ["a{{b}}c", [], {}, "a{b}c"],
    ["{{}}", [], {}, "{}"],
    ["{{{0}}}", [1], {}, "{1}"],
    ["{0:{1}}", [5, 3], {}, "  5"],
    ["{0:{1:{2}}}", [5, 3, 2], {}, "!ValueError: Max string recursion exceeded"],
    ["{:{}}{}", [1, 3, "x"], {}, "  1x"],
    ["{:{}{}}", ["a", ">", 4], {}, "   a"],
    ["{0!r:>5}", ["a"], {}, "  'a'"],
    ["{!a}", ["é😀"], {}, "'\\xe9\\U0001f600'"],
    ["{!s:>4}", [null], {}, "None"],
    ["{!r}", [[1, "a"]], {}, "[1, 'a']"],
    ["{a b}", [], {"a b": 1}, "1"],
    ["{0:}", ["x"], {}, "x"],
    ["{0[a:b]}", [new Map<unknown, unknown>([["a:b", 1]])], {}, "1"],
    ["{a{}", [], {}, "!ValueError: unexpected '{' in field name"],
    ["{a!r:{b}}", [], {"a": "x", "b": 5}, "'x'  "],
    ["{:}}", [1], {}, "!ValueError: Single '}' encountered in format string"],
    ["{0!s:.1}", [1.5], {}, "1"],
    ["{:=^+11.3e}", [12345.678], {}, "+1.235e+04="],
    ["{:.3%}", [0.3333333333333333], {}, "33.333%"],
    ["{00}", [1], {}, "1"],
    ["{0x}", [1], {}, "!KeyError: '0x'"],
    ["{ 0}", [1], {}, "!KeyError: ' 0'"],
    ["{:d}", ["a"], {}, "!ValueError: Unknown format code 'd' for object of type 'str'"],
    ["{:5}", [null], {}, "!TypeError: unsupported format string passed to NoneType.__format__"],
    ["{}", [null], {}, "None"],
    ["{}", [true], {}, "True"],
    ["{}", [new Map<unknown, unknown>([["a", [1, null]]])], {}, "{'a': [1, None]}"],
    ["{}{}", [tuple([1]), 1.5], {}, "(1,)1.5"],
    ["{:>{w}.{p}f}", [3.14159], {"w": 8, "p": 2}, "    3.14"],
    ["{0}{1}{0}", ["ab", "cd"], {}, "abcdab"],
    ["no fields", [1, 2], {"x": 3}, "no fields"],
    ["", [], {}, ""],
    ["{0:,}|{0:_x}|{0:#b}", [1234567], {}, "1,234,567|12_d687|0b100101101011010000111"],
    ["{:010,.2f}", [-1234.5], {}, "-01,234.50"],
    ["{}:{}", ["host", 8080], {}, "host:8080"],
    ["{:%}", [0.25], {}, "25.000000%"],
    ["{:s}", [5], {}, "!ValueError: Unknown format code 's' for object of type 'int'"],
    ["{0!r:}", ["q"], {}, "'q'"],
    ["{0!r}", ["it's"], {}, "\"it's\""],
    ["{}é{}", ["😀", "ß"], {}, "😀éß"],
    ["{!", [1], {}, "!ValueError: end of string while looking for conversion specifier"],
    ["{0.x}", [new Map<unknown, unknown>([["x", 5]])], {}, "5"],
    ["{0._x}", [new Map<unknown, unknown>([["_x", 5]])], {}, "5"],
    ["{0[-1]}", [[1, 2]], {}, "!UndefinedError: 'list object' has no attribute '-1'"],
    ["{0.0}", [[1, 2]], {}, "!UndefinedError: 'list object' has no attribute '0'"],
    ["{0[a]}{}", [new Map<unknown, unknown>([["a", 1]])], {}, "1{'a': 1}"],
    ["{.x}", [new Map<unknown, unknown>([["x", 1]])], {}, "!KeyError: ''"],
    ["{0.x.y}", [new Map<unknown, unknown>([["x", new Map<unknown, unknown>([])]])], {}, "!UndefinedError: 'dict object' has no attribute 'y'"],
    ["{0[x][y]}", [new Map<unknown, unknown>([])], {}, "!UndefinedError: 'dict object' has no attribute 'x'"],
    ["{0[x].y}", [new Map<unknown, unknown>([["x", new Map<unknown, unknown>([["y", "z"]])]])], {}, "z"],
    ["{0.1}", [new Map<unknown, unknown>([[1, "one"]])], {}, "!UndefinedError: 'dict object' has no attribute '1'"],
    ["{0[1]}", [new Map<unknown, unknown>([["1", "str one"]])], {}, "!UndefinedError: dict object has no element 1"],
    ["{0[0]}", ["😀b"], {}, "😀"],
    ["{0[a]:>4}", [new Map<unknown, unknown>([])], {}, "!TypeError: unsupported format string passed to StrictUndefined.__format__"],
    ["{0[a]!r}", [new Map<unknown, unknown>([["a", "v"]])], {}, "'v'"],
    ["{0}{1}{}", [1, 2], {}, "!ValueError: cannot switch from manual field specification to automatic field numbering"],
    ["{}{}{0}", [1, 2], {}, "!ValueError: cannot switch from manual field specification to automatic field numbering"],
    ["{²}", [], {"\u00b2": 1}, "1"],
    ["{0[b]}", [new Map<unknown, unknown>([["a", 1]])], {}, "!UndefinedError: 'dict object' has no attribute 'b'"],
    ["{x.y}", [], {"x": new Map<unknown, unknown>([["y", 2]])}, "2"],
  ])('%j.format(*%j, **%j)', (format, args, kwargs, expected) => {
    expect(outcome(() => strFormat(format, args, new Map(Object.entries(kwargs))))).toBe(expected);
  });

  it('gives methods as attributes, printed as the value model prints functions', () => {
    // Jinja prints <built-in method upper of str object at 0x...>
    expect(strFormat('{0.upper}|{0[upper]}', ['a'], new Map())).toBe('<function str.upper>|<function str.upper>');
  });

  it("words Undefined messages as Jinja, except a method's type name", () => {
    // Jinja: "'builtin_function_or_method object' has no attribute 'x'"
    expect(outcome(() => strFormat('{0[0]}', [null], new Map()))).toBe('!UndefinedError: None has no element 0');
    expect(outcome(() => strFormat('{0.items.x}', [new Map()], new Map()))).toBe("!UndefinedError: 'function object' has no attribute 'x'");
  });

  it('reads attributes and items of namespaces and host objects', () => {
    const ns = new Namespace();
    ns.attrs.set('x', 42);
    class Host extends HostObject {
      readonly typeName = 'Host';
      getattr(name: string): unknown {
        return name === 'id' ? 'minion1' : new Undefined(name, this);
      }
    }
    expect(strFormat('{0.x}/{0[x]}/{1.id}/{1[id]}', [ns, new Host()], new Map())).toBe('42/42/minion1/minion1');
    expect(outcome(() => strFormat('{0.y}', [ns], new Map()))).toBe("!UndefinedError: 'jinja2.utils.Namespace object' has no attribute 'y'");
    expect(outcome(() => strFormat('{0.y}', [new Host()], new Map()))).toBe("!UndefinedError: 'Host object' has no attribute 'y'");
    expect(outcome(() => strFormat('{0[y]}', [new Host()], new Map()))).toBe("!UndefinedError: 'Host object' has no attribute 'y'");
  });

  it('raises UndefinedError when an Undefined is formatted or read from', () => {
    const undef = new Undefined('x');
    expect(() => strFormat('{}', [undef], new Map())).toThrow(UndefinedError);
    expect(() => strFormat('{0[a]}', [undef], new Map())).toThrow(UndefinedError);
    expect(() => strFormat('{0!r}', [undef], new Map())).toThrow(UndefinedError);
    expect(strFormat('{}', [tuple([1])], new Map())).toBe('(1,)');
  });
});

describe('strFormatMap (Jinja2 sandbox str.format_map)', () => {
  it.each<[string, unknown, string]>([
    ["{a}-{b}", new Map<unknown, unknown>([["a", 1], ["b", "z"]]), "1-z"],
    ["{a}", new Map<unknown, unknown>([]), "!KeyError: 'a'"],
    ["{0}", new Map<unknown, unknown>([]), "!IndexError: tuple index out of range"],
    ["{}", new Map<unknown, unknown>([["a", 1]]), "!IndexError: tuple index out of range"],
    ["{a}", ["x"], "!TypeError: list indices must be integers or slices, not str"],
    ["{a}", "xyz", "!TypeError: string indices must be integers, not 'str'"],
    ["{a[0]}", new Map<unknown, unknown>([["a", "xy"]]), "x"],
    ["{1}", new Map<unknown, unknown>([[1, "k"]]), "!IndexError: tuple index out of range"],
    ["{a.b}", new Map<unknown, unknown>([["a", new Map<unknown, unknown>([["b", 3]])]]), "3"],
    ["{a}", null, "!TypeError: 'NoneType' object is not subscriptable"],
    ["{a}", 5, "!TypeError: 'int' object is not subscriptable"],
  ])('%j.format_map(%p)', (format, mapping, expected) => {
    expect(outcome(() => strFormatMap(format, mapping))).toBe(expected);
  });
});
