/**
 * pyMethod: the str, dict, list and tuple methods templates call. Each row's
 * expectation is what Jinja2 3.1.2's SandboxedEnvironment (Salt's) on CPython
 * 3.11 gives for the same call, `repr(result) | repr(self)` (self shows
 * mutations) or `!Type: message`.
 */
import { pyMethod } from '@brine/core/jinja/python/methods';
import { PyError, PyFunction, Undefined, UndefinedError, pyRepr, tuple } from '@brine/core/jinja/runtime/values';

type Row = [unknown, string, unknown[], Record<string, unknown>, string];

/** Call `self.name(*args, **kwargs)` and describe the outcome as the rows do. */
function outcome(self: unknown, name: string, args: unknown[], kwargs: Record<string, unknown>): string {
  const method = pyMethod(self, name);
  if (method === undefined) return 'no such method';
  try {
    const result = method.call(args, new Map(Object.entries(kwargs)));
    return `${pyRepr(result)} | ${pyRepr(self)}`;
  } catch (e) {
    if (e instanceof PyError) return `!${e.pyType}: ${e.message}`;
    throw e;
  }
}

describe('str methods (Jinja2 sandbox, CPython 3.11)', () => {
  it.each<Row>([
    ["a,b,,c", "split", [","], {}, "['a', 'b', '', 'c'] | 'a,b,,c'"],
    ["a,b,,c", "split", [",", 1], {}, "['a', 'b,,c'] | 'a,b,,c'"],
    ["a,b,,c", "split", [], {"sep": ",", "maxsplit": 2}, "['a', 'b', ',c'] | 'a,b,,c'"],
    ["  a  b\tc\n ", "split", [], {}, "['a', 'b', 'c'] | '  a  b\\tc\\n '"],
    [" a  b c ", "split", [null, 1], {}, "['a', 'b c '] | ' a  b c '"],
    ["  a b", "split", [], {"maxsplit": 0}, "['a b'] | '  a b'"],
    ["a　b\u001cc d", "split", [], {}, "['a', 'b', 'c', 'd'] | 'a\\u3000b\\x1cc\\xa0d'"],
    ["", "split", [], {}, "[] | ''"],
    ["", "split", [","], {}, "[''] | ''"],
    ["a", "split", [""], {}, "!ValueError: empty separator"],
    ["a b", "split", [1], {}, "!TypeError: must be str or None, not int"],
    ["a", "split", [null, null], {}, "!TypeError: 'NoneType' object cannot be interpreted as an integer"],
    ["a,b,,c", "rsplit", [",", 1], {}, "['a,b,', 'c'] | 'a,b,,c'"],
    [" a  b c ", "rsplit", [null, 1], {}, "[' a  b', 'c'] | ' a  b c '"],
    ["  a b  ", "rsplit", [], {"maxsplit": 0}, "['  a b'] | '  a b  '"],
    ["aaa", "rsplit", ["aa"], {}, "['a', ''] | 'aaa'"],
    ["a\r\nb\u000bc\u001cde ", "splitlines", [], {}, "['a', 'b', 'c', 'd', 'e'] | 'a\\r\\nb\\x0bc\\x1cd\\x85e\\u2028'"],
    ["a\r\nb\n\n", "splitlines", [true], {}, "['a\\r\\n', 'b\\n', '\\n'] | 'a\\r\\nb\\n\\n'"],
    ["", "splitlines", [], {}, "[] | ''"],
    ["a", "splitlines", ["x"], {}, "!TypeError: 'str' object cannot be interpreted as an integer"],
    ["  \t a b \n", "strip", [], {}, "'a b' | '  \\t a b \\n'"],
    ["xxaxx", "strip", ["x"], {}, "'a' | 'xxaxx'"],
    ["xyaxy", "lstrip", ["yx"], {}, "'axy' | 'xyaxy'"],
    ["xyaxy", "rstrip", ["yx"], {}, "'xya' | 'xyaxy'"],
    ["a", "strip", [null], {}, "'a' | 'a'"],
    ["a", "strip", [1], {}, "!TypeError: strip arg must be None or str"],
    ["a", "lstrip", [1], {}, "!TypeError: lstrip arg must be None or str"],
    ["a", "strip", [], {"chars": "x"}, "!TypeError: str.strip() takes no keyword arguments"],
    ["a", "strip", ["a", "b"], {}, "!TypeError: strip expected at most 1 argument, got 2"],
    ["abc", "startswith", ["ab"], {}, "True | 'abc'"],
    ["abc", "startswith", [tuple(["x", "a"])], {}, "True | 'abc'"],
    ["abc", "startswith", ["b", 1], {}, "True | 'abc'"],
    ["abc", "startswith", ["", 5], {}, "False | 'abc'"],
    ["abc", "startswith", ["", 3], {}, "True | 'abc'"],
    ["abc", "endswith", ["bc"], {}, "True | 'abc'"],
    ["abc", "endswith", ["b", 0, 2], {}, "True | 'abc'"],
    ["abc", "endswith", ["", 3, 1], {}, "False | 'abc'"],
    ["abc", "startswith", [1], {}, "!TypeError: startswith first arg must be str or a tuple of str, not int"],
    ["abc", "startswith", [tuple(["x", 1])], {}, "!TypeError: tuple for startswith must only contain str, not int"],
    ["abc", "startswith", [], {}, "!TypeError: startswith() takes at least 1 argument (0 given)"],
    ["a", "startswith", [], {"prefix": "a"}, "!TypeError: startswith() takes no keyword arguments"],
    ["abc", "endswith", [tuple(["c"]), -1], {}, "True | 'abc'"],
    ["abc", "startswith", ["a", "x"], {}, "!TypeError: slice indices must be integers or None or have an __index__ method"],
    ["AbC ß", "lower", [], {}, "'abc ß' | 'AbC ß'"],
    ["AbC ß", "upper", [], {}, "'ABC SS' | 'AbC ß'"],
    ["they're bill's ǆx ßa", "title", [], {}, "\"They'Re Bill'S ǅx Ssa\" | \"they're bill's ǆx ßa\""],
    ["ǆa ßB", "capitalize", [], {}, "'ǅa ßb' | 'ǆa ßB'"],
    ["hELLO wORLD", "capitalize", [], {}, "'Hello world' | 'hELLO wORLD'"],
    ["aBß", "swapcase", [], {}, "'AbSS' | 'aBß'"],
    ["ßﬁ Σ", "casefold", [], {}, "'ssfi σ' | 'ßﬁ Σ'"],
    ["ΣΑΣ", "lower", [], {}, "'σας' | 'ΣΑΣ'"],
    ["a", "lower", [1], {}, "!TypeError: str.lower() takes no arguments (1 given)"],
    ["abcabc", "replace", ["b", "X"], {}, "'aXcaXc' | 'abcabc'"],
    ["abcabc", "replace", ["b", "X", 1], {}, "'aXcabc' | 'abcabc'"],
    ["ab", "replace", ["", "-"], {}, "'-a-b-' | 'ab'"],
    ["ab", "replace", ["", "-", 2], {}, "'-a-b' | 'ab'"],
    ["aaa", "replace", ["a", "b", 0], {}, "'aaa' | 'aaa'"],
    ["a", "replace", [1, "b"], {}, "!TypeError: replace() argument 1 must be str, not int"],
    ["a", "replace", ["a", 2], {}, "!TypeError: replace() argument 2 must be str, not int"],
    ["a", "replace", ["a"], {}, "!TypeError: replace expected at least 2 arguments, got 1"],
    ["a", "replace", ["a", "b"], {"count": 1}, "!TypeError: str.replace() takes no keyword arguments"],
    [",", "join", [["a", "b", "c"]], {}, "'a,b,c' | ','"],
    [",", "join", ["abc"], {}, "'a,b,c' | ','"],
    [",", "join", [new Map<unknown, unknown>([["k", 1], ["l", 2]])], {}, "'k,l' | ','"],
    [",", "join", [tuple(["a"])], {}, "'a' | ','"],
    [",", "join", [[]], {}, "'' | ','"],
    [",", "join", [["a", 1]], {}, "!TypeError: sequence item 1: expected str instance, int found"],
    [",", "join", [[1]], {}, "!TypeError: sequence item 0: expected str instance, int found"],
    [",", "join", [5], {}, "!TypeError: can only join an iterable"],
    [",", "join", [], {}, "!TypeError: str.join() takes exactly one argument (0 given)"],
    [",", "join", [null], {}, "!TypeError: can only join an iterable"],
    ["abcabc", "find", ["c"], {}, "2 | 'abcabc'"],
    ["abcabc", "find", ["c", 3], {}, "5 | 'abcabc'"],
    ["abcabc", "find", ["c", -2, -1], {}, "-1 | 'abcabc'"],
    ["abc", "find", ["x"], {}, "-1 | 'abc'"],
    ["abc", "find", ["", 3], {}, "3 | 'abc'"],
    ["abc", "find", ["", 4], {}, "-1 | 'abc'"],
    ["abc", "find", ["b", null, null], {}, "1 | 'abc'"],
    ["abc", "find", ["b", "x"], {}, "!TypeError: slice indices must be integers or None or have an __index__ method"],
    ["abc", "find", [1], {}, "!TypeError: must be str, not int"],
    ["abcabc", "rfind", ["b"], {}, "4 | 'abcabc'"],
    ["abc", "rfind", [""], {}, "3 | 'abc'"],
    ["abcabc", "index", ["c"], {}, "2 | 'abcabc'"],
    ["abc", "index", ["d"], {}, "!ValueError: substring not found"],
    ["abc", "rindex", ["d"], {}, "!ValueError: substring not found"],
    ["abcabc", "rindex", ["a", 0, 4], {}, "3 | 'abcabc'"],
    ["a😀b😀c", "find", ["c"], {}, "4 | 'a😀b😀c'"],
    ["a😀b😀c", "rfind", ["😀"], {}, "3 | 'a😀b😀c'"],
    ["a😀b😀c", "find", ["b", 2], {}, "2 | 'a😀b😀c'"],
    ["aaaa", "count", ["aa"], {}, "2 | 'aaaa'"],
    ["abc", "count", [""], {}, "4 | 'abc'"],
    ["abc", "count", ["", 2, 10], {}, "2 | 'abc'"],
    ["", "count", ["", 1], {}, "0 | ''"],
    ["abc", "count", [], {}, "!TypeError: count() takes at least 1 argument (0 given)"],
    ["a😀b", "count", [""], {}, "4 | 'a😀b'"],
    ["123", "isdigit", [], {}, "True | '123'"],
    ["²3", "isdigit", [], {}, "True | '²3'"],
    ["²3", "isdecimal", [], {}, "False | '²3'"],
    ["½", "isnumeric", [], {}, "True | '½'"],
    ["½", "isdigit", [], {}, "False | '½'"],
    ["一二", "isnumeric", [], {}, "True | '一二'"],
    ["", "isdigit", [], {}, "False | ''"],
    ["abé", "isalpha", [], {}, "True | 'abé'"],
    ["ab1", "isalpha", [], {}, "False | 'ab1'"],
    ["ab1½", "isalnum", [], {}, "True | 'ab1½'"],
    ["a-1", "isalnum", [], {}, "False | 'a-1'"],
    [" \t\n\u001c　", "isspace", [], {}, "True | ' \\t\\n\\x1c\\u3000'"],
    ["", "isspace", [], {}, "False | ''"],
    ["abc1", "islower", [], {}, "True | 'abc1'"],
    ["1", "islower", [], {}, "False | '1'"],
    ["ABC1", "isupper", [], {}, "True | 'ABC1'"],
    ["AbC", "isupper", [], {}, "False | 'AbC'"],
    ["Ab Cd", "istitle", [], {}, "True | 'Ab Cd'"],
    ["AB", "istitle", [], {}, "False | 'AB'"],
    ["ǅa", "istitle", [], {}, "True | 'ǅa'"],
    ["", "istitle", [], {}, "False | ''"],
    ["_a1", "isidentifier", [], {}, "True | '_a1'"],
    ["1a", "isidentifier", [], {}, "False | '1a'"],
    ["é", "isidentifier", [], {}, "True | 'é'"],
    ["", "isidentifier", [], {}, "False | ''"],
    ["aé", "isascii", [], {}, "False | 'aé'"],
    ["-42", "zfill", [5], {}, "'-0042' | '-42'"],
    ["+", "zfill", [3], {}, "'+00' | '+'"],
    ["abc", "zfill", [2], {}, "'abc' | 'abc'"],
    ["a", "zfill", ["x"], {}, "!TypeError: 'str' object cannot be interpreted as an integer"],
    ["a", "zfill", [], {}, "!TypeError: str.zfill() takes exactly one argument (0 given)"],
    ["a", "zfill", [], {"width": 5}, "!TypeError: str.zfill() takes no keyword arguments"],
    ["ab", "ljust", [5], {}, "'ab   ' | 'ab'"],
    ["ab", "rjust", [5, "*"], {}, "'***ab' | 'ab'"],
    ["a", "center", [4], {}, "' a  ' | 'a'"],
    ["ab", "center", [5], {}, "'  ab ' | 'ab'"],
    ["ab", "center", [6, "-"], {}, "'--ab--' | 'ab'"],
    ["abc", "center", [2], {}, "'abc' | 'abc'"],
    ["a", "ljust", [5, "ab"], {}, "!TypeError: The fill character must be exactly one character long"],
    ["a", "ljust", [5, 1], {}, "!TypeError: The fill character must be a unicode character, not int"],
    ["a", "ljust", ["x"], {}, "!TypeError: 'str' object cannot be interpreted as an integer"],
    ["a", "ljust", [5.5], {}, "!TypeError: 'float' object cannot be interpreted as an integer"],
    ["a", "ljust", [], {}, "!TypeError: ljust expected at least 1 argument, got 0"],
    ["😀", "rjust", [3, "😀"], {}, "'😀😀😀' | '😀'"],
    ["a", "center", [5], {"fillchar": "x"}, "!TypeError: str.center() takes no keyword arguments"],
    ["a=b=c", "partition", ["="], {}, "('a', '=', 'b=c') | 'a=b=c'"],
    ["a=b=c", "rpartition", ["="], {}, "('a=b', '=', 'c') | 'a=b=c'"],
    ["abc", "partition", ["="], {}, "('abc', '', '') | 'abc'"],
    ["abc", "rpartition", ["="], {}, "('', '', 'abc') | 'abc'"],
    ["a", "partition", [""], {}, "!ValueError: empty separator"],
    ["a", "partition", [1], {}, "!TypeError: must be str, not int"],
    ["a", "partition", [], {}, "!TypeError: str.partition() takes exactly one argument (0 given)"],
    ["a\tbc\td\n\te", "expandtabs", [4], {}, "'a   bc  d\\n    e' | 'a\\tbc\\td\\n\\te'"],
    ["a\tb", "expandtabs", [], {}, "'a       b' | 'a\\tb'"],
    ["a\tb", "expandtabs", [0], {}, "'ab' | 'a\\tb'"],
    ["a\tb", "expandtabs", [], {"tabsize": 2}, "'a b' | 'a\\tb'"],
    ["abc", "expandtabs", [], {"tabsize": "x"}, "!TypeError: 'str' object cannot be interpreted as an integer"],
    ["prefix-a", "removeprefix", ["prefix-"], {}, "'a' | 'prefix-a'"],
    ["a", "removeprefix", ["b"], {}, "'a' | 'a'"],
    ["a.txt", "removesuffix", [".txt"], {}, "'a' | 'a.txt'"],
    ["a", "removesuffix", [""], {}, "'a' | 'a'"],
    ["a", "removeprefix", [1], {}, "!TypeError: removeprefix() argument must be str, not int"],
    ["a", "removeprefix", [], {}, "!TypeError: str.removeprefix() takes exactly one argument (0 given)"],
    ["{} {x}", "format", [1], {"x": 2}, "'1 2' | '{} {x}'"],
    ["{a}-{b}", "format_map", [new Map<unknown, unknown>([["a", 1], ["b", "z"]])], {}, "'1-z' | '{a}-{b}'"],
    ["{a}", "format_map", [new Map<unknown, unknown>([])], {}, "!KeyError: 'a'"],
    ["{0}", "format_map", [new Map<unknown, unknown>([])], {}, "!IndexError: tuple index out of range"],
    ["a", "format_map", [], {}, "!TypeError: format_map() takes exactly one argument (0 given)"],
    ["a", "format_map", [new Map(), new Map()], {}, "!TypeError: format_map() takes exactly one argument (2 given)"],
    ["a", "format_map", [new Map()], {"x": 1}, "!TypeError: format_map() takes no keyword arguments"],
  ])('%j.%s(%j, %j)', (self, name, args, kwargs, expected) => {
    expect(outcome(self, name, args, kwargs)).toBe(expected);
  });
});

describe('dict methods (Jinja2 sandbox, CPython 3.11)', () => {
  it.each<Row>([
    [new Map<unknown, unknown>([["a", 1]]), "get", ["a"], {}, "1 | {'a': 1}"],
    [new Map<unknown, unknown>([["a", 1]]), "get", ["b"], {}, "None | {'a': 1}"],
    [new Map<unknown, unknown>([["a", 1]]), "get", ["b", 0], {}, "0 | {'a': 1}"],
    [new Map<unknown, unknown>([[1, "x"]]), "get", [true], {}, "'x' | {1: 'x'}"],
    [new Map<unknown, unknown>([["a", 1]]), "get", [], {}, "!TypeError: get expected at least 1 argument, got 0"],
    [new Map<unknown, unknown>([["a", 1]]), "get", ["a", 1, 2], {}, "!TypeError: get expected at most 2 arguments, got 3"],
    [new Map<unknown, unknown>([]), "get", [], {"key": 1}, "!TypeError: dict.get() takes no keyword arguments"],
    [new Map<unknown, unknown>([]), "get", [[1]], {}, "!TypeError: unhashable type: 'list'"],
    [new Map<unknown, unknown>([["a", 1], ["b", [2]]]), "items", [], {}, "[('a', 1), ('b', [2])] | {'a': 1, 'b': [2]}"], // Python: dict_items([...]), views are lists here
    [new Map<unknown, unknown>([["a", 1], [2, "b"]]), "keys", [], {}, "['a', 2] | {'a': 1, 2: 'b'}"], // Python: dict_keys([...])
    [new Map<unknown, unknown>([["a", 1], [2, "b"]]), "values", [], {}, "[1, 'b'] | {'a': 1, 2: 'b'}"], // Python: dict_values([...])
    [new Map<unknown, unknown>([]), "items", [1], {}, "!TypeError: dict.items() takes no arguments (1 given)"],
    [new Map<unknown, unknown>([["a", 1]]), "update", [new Map<unknown, unknown>([["b", 2], ["a", 3]])], {}, "None | {'a': 3, 'b': 2}"],
    [new Map<unknown, unknown>([["a", 1]]), "update", [[tuple(["b", 2]), ["c", 3]]], {}, "None | {'a': 1, 'b': 2, 'c': 3}"],
    [new Map<unknown, unknown>([]), "update", [["ab"]], {}, "None | {'a': 'b'}"],
    [new Map<unknown, unknown>([["a", 1]]), "update", [], {"a": 2, "z": 0}, "None | {'a': 2, 'z': 0}"],
    [new Map<unknown, unknown>([]), "update", [new Map<unknown, unknown>([["a", 1]])], {"a": 2}, "None | {'a': 2}"],
    [new Map<unknown, unknown>([]), "update", [1], {}, "!TypeError: 'int' object is not iterable"],
    [new Map<unknown, unknown>([]), "update", [[1]], {}, "!TypeError: cannot convert dictionary update sequence element #0 to a sequence"],
    [new Map<unknown, unknown>([]), "update", [[tuple([1, 2, 3])]], {}, "!ValueError: dictionary update sequence element #0 has length 3; 2 is required"],
    [new Map<unknown, unknown>([]), "update", [new Map<unknown, unknown>([]), new Map<unknown, unknown>([])], {}, "!TypeError: update expected at most 1 argument, got 2"],
    [new Map<unknown, unknown>([[1, "a"]]), "update", [new Map<unknown, unknown>([[1.5, "b"], [true, "c"]])], {}, "None | {1: 'c', 1.5: 'b'}"],
    [new Map<unknown, unknown>([]), "update", [[tuple([[1], 2])]], {}, "!TypeError: unhashable type: 'list'"],
    [new Map<unknown, unknown>([["a", 1]]), "setdefault", ["a", 2], {}, "1 | {'a': 1}"],
    [new Map<unknown, unknown>([["a", 1]]), "setdefault", ["b", 2], {}, "2 | {'a': 1, 'b': 2}"],
    [new Map<unknown, unknown>([["a", 1]]), "setdefault", ["c"], {}, "None | {'a': 1, 'c': None}"],
    [new Map<unknown, unknown>([]), "setdefault", [], {}, "!TypeError: setdefault expected at least 1 argument, got 0"],
    [new Map<unknown, unknown>([["a", 1], ["b", 2]]), "pop", ["a"], {}, "1 | {'b': 2}"],
    [new Map<unknown, unknown>([]), "pop", ["a"], {}, "!KeyError: 'a'"],
    [new Map<unknown, unknown>([]), "pop", [1], {}, "!KeyError: 1"],
    [new Map<unknown, unknown>([]), "pop", ["a", null], {}, "None | {}"],
    [new Map<unknown, unknown>([[1, "x"]]), "pop", [1.0], {}, "'x' | {}"],
    [new Map<unknown, unknown>([]), "pop", [], {}, "!TypeError: pop expected at least 1 argument, got 0"],
    [new Map<unknown, unknown>([["a", 1]]), "pop", [[1], 2], {}, "!TypeError: unhashable type: 'list'"],
    [new Map<unknown, unknown>([]), "pop", [], {"k": 1}, "!TypeError: dict.pop() takes no keyword arguments"],
    [new Map<unknown, unknown>([["a", 1], ["b", 2]]), "popitem", [], {}, "('b', 2) | {'a': 1}"],
    [new Map<unknown, unknown>([]), "popitem", [], {}, "!KeyError: 'popitem(): dictionary is empty'"],
    [new Map<unknown, unknown>([["a", [1]]]), "copy", [], {}, "{'a': [1]} | {'a': [1]}"],
    [new Map<unknown, unknown>([["a", 1]]), "clear", [], {}, "None | {}"],
  ])('%p.%s(%p, %j)', (self, name, args, kwargs, expected) => {
    expect(outcome(self, name, args, kwargs)).toBe(expected);
  });
});

describe('list and tuple methods (Jinja2 sandbox, CPython 3.11)', () => {
  it.each<Row>([
    [[1], "append", [2], {}, "None | [1, 2]"],
    [[1], "append", [], {}, "!TypeError: list.append() takes exactly one argument (0 given)"],
    [[1], "append", [1, 2], {}, "!TypeError: list.append() takes exactly one argument (2 given)"],
    [[], "append", [], {"x": 1}, "!TypeError: list.append() takes no keyword arguments"],
    [[1], "extend", [[2, 3]], {}, "None | [1, 2, 3]"],
    [[1], "extend", ["ab"], {}, "None | [1, 'a', 'b']"],
    [[1], "extend", [tuple([2])], {}, "None | [1, 2]"],
    [[1], "extend", [new Map<unknown, unknown>([["k", 1]])], {}, "None | [1, 'k']"],
    [[1], "extend", [5], {}, "!TypeError: 'int' object is not iterable"],
    [[1, 2], "insert", [0, "x"], {}, "None | ['x', 1, 2]"],
    [[1, 2], "insert", [-1, "x"], {}, "None | [1, 'x', 2]"],
    [[1, 2], "insert", [10, "x"], {}, "None | [1, 2, 'x']"],
    [[1, 2], "insert", [-10, "x"], {}, "None | ['x', 1, 2]"],
    [[1], "insert", [0], {}, "!TypeError: insert expected 2 arguments, got 1"],
    [[1], "insert", ["x", 2], {}, "!TypeError: 'str' object cannot be interpreted as an integer"],
    [[1, 2, 3], "pop", [], {}, "3 | [1, 2]"],
    [[1, 2, 3], "pop", [0], {}, "1 | [2, 3]"],
    [[1, 2, 3], "pop", [-3], {}, "1 | [2, 3]"],
    [[], "pop", [], {}, "!IndexError: pop from empty list"],
    [[1], "pop", [5], {}, "!IndexError: pop index out of range"],
    [[1], "pop", [-2], {}, "!IndexError: pop index out of range"],
    [[1], "pop", [1, 2], {}, "!TypeError: pop expected at most 1 argument, got 2"],
    [[1, 2, 1], "remove", [1], {}, "None | [2, 1]"],
    [[1], "remove", [2], {}, "!ValueError: list.remove(x): x not in list"],
    [[1, 2.5, true], "remove", [1.0], {}, "None | [2.5, True]"],
    [[1, 2, 3], "index", [3], {}, "2 | [1, 2, 3]"],
    [[1, 2, 3], "index", [3, -1], {}, "2 | [1, 2, 3]"],
    [[1, 2, 3], "index", [1, 1], {}, "!ValueError: 1 is not in list"],
    [[1], "index", ["a"], {}, "!ValueError: 'a' is not in list"],
    [[1], "index", [], {}, "!TypeError: index expected at least 1 argument, got 0"],
    [[1, 2, 3, 2], "index", [2, 2, 4], {}, "3 | [1, 2, 3, 2]"],
    [[1, 2, 1, true], "count", [1], {}, "3 | [1, 2, 1, True]"],
    [[[1], [1]], "count", [[1]], {}, "2 | [[1], [1]]"],
    [[], "count", [], {}, "!TypeError: list.count() takes exactly one argument (0 given)"],
    [[3, 1, 2], "sort", [], {}, "None | [1, 2, 3]"],
    [[3, 1, 2], "sort", [], {"reverse": true}, "None | [3, 2, 1]"],
    [["b", "A", "a"], "sort", [], {}, "None | ['A', 'a', 'b']"],
    [[[2], [1, 5], [1]], "sort", [], {}, "None | [[1], [1, 5], [2]]"],
    [[tuple([1, "b"]), tuple([0, "z"]), tuple([1, "a"])], "sort", [], {}, "None | [(0, 'z'), (1, 'a'), (1, 'b')]"],
    [[3, "a"], "sort", [], {}, "!TypeError: '<' not supported between instances of 'str' and 'int'"],
    [[], "sort", [null], {}, "!TypeError: sort() takes no positional arguments"],
    [[1, 2], "sort", [], {"key": "x"}, "!TypeError: 'str' object is not callable"],
    [[1], "sort", [], {"reverse": "x"}, "!TypeError: 'str' object cannot be interpreted as an integer"],
    [[1.5, 1, true, 0], "sort", [], {}, "None | [0, 1, True, 1.5]"],
    [[1, 2, 3], "reverse", [], {}, "None | [3, 2, 1]"],
    [[[1]], "copy", [], {}, "[[1]] | [[1]]"],
    [[1, 2], "clear", [], {}, "None | []"],
    [[], "copy", [1], {}, "!TypeError: list.copy() takes no arguments (1 given)"],
    [tuple([1, 2, 1]), "index", [2], {}, "1 | (1, 2, 1)"],
    [tuple([1]), "index", [2], {}, "!ValueError: tuple.index(x): x not in tuple"],
    [tuple([1, 2, 1]), "count", [1], {}, "2 | (1, 2, 1)"],
    [tuple([1]), "count", [], {}, "!TypeError: tuple.count() takes exactly one argument (0 given)"],

  ])('%j.%s(%j, %j)', (self, name, args, kwargs, expected) => {
    expect(outcome(self, name, args, kwargs)).toBe(expected);
  });
});

describe('pyMethod', () => {
  it('gives undefined for names the type lacks, JavaScript properties included', () => {
    for (const obj of ['s', new Map(), [], tuple([]), 1, null, true]) {
      for (const name of ['constructor', '__proto__', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', 'length', 'fromkeys', 'nope']) {
        expect(pyMethod(obj, name)).toBeUndefined();
      }
    }
    expect(pyMethod(tuple([1]), 'append')).toBeUndefined();
    expect(pyMethod(1, 'split')).toBeUndefined();
  });

  it('names bound methods as Python qualifies them', () => {
    expect(pyMethod('s', 'split')).toBeInstanceOf(PyFunction);
    expect(pyMethod(new Map(), 'get')?.name).toBe('dict.get');
    expect(pyMethod([], 'append')?.name).toBe('list.append');
  });

  it('words bad keywords as bindArgs does', () => {
    expect(outcome('a', 'split', [], { x: 1 })).toBe("!TypeError: split() got an unexpected keyword argument 'x'");
    expect(outcome('a', 'split', [',', 1, 2], {})).toBe('!TypeError: split() takes from 0 to 2 positional arguments but 3 were given');
    expect(outcome([2, 1], 'sort', [], { x: 1 })).toBe("!TypeError: sort() got an unexpected keyword argument 'x'");
  });

  it('raises MemoryError, not a JavaScript RangeError, for a result too large', () => {
    expect(outcome('a', 'ljust', [2 ** 31], {})).toBe("!MemoryError: a value too large to build (Invalid string length) (brine's limit for one render)");
    expect(outcome('a\tb', 'expandtabs', [2 ** 31], {})).toBe("!MemoryError: a value too large to build (Invalid string length) (brine's limit for one render)");
  });

  it('sorts with a key function, stably, also reversed', () => {
    const list = [tuple(['b', 1]), tuple(['a', 2]), tuple(['c', 1])];
    const second = new PyFunction('second', ([t]) => (t as unknown[])[1]);
    expect(outcome(list, 'sort', [], { key: second })).toBe("None | [('b', 1), ('c', 1), ('a', 2)]");
    expect(outcome(list, 'sort', [], { key: second, reverse: true })).toBe("None | [('a', 2), ('b', 1), ('c', 1)]");
  });

  it('treats Undefined as Jinja2 StrictUndefined does: using it fails, type checks refuse it', () => {
    const undef = new Undefined('x');
    expect(() => pyMethod(',', 'join')!.call([undef], new Map())).toThrow(UndefinedError);
    expect(() => pyMethod([1], 'extend')!.call([undef], new Map())).toThrow(UndefinedError);
    expect(() => pyMethod(new Map(), 'get')!.call([undef], new Map())).toThrow(UndefinedError);
    expect(() => pyMethod([1], 'index')!.call([undef], new Map())).toThrow(UndefinedError);
    expect(() => pyMethod([1], 'sort')!.call([], new Map([['key', undef]]))).toThrow(UndefinedError);
    expect(outcome(',', 'join', [[undef]], {})).toBe('!TypeError: sequence item 0: expected str instance, StrictUndefined found');
    expect(outcome('a', 'startswith', [undef], {})).toBe('!TypeError: startswith first arg must be str or a tuple of str, not StrictUndefined');
    expect(outcome('a', 'split', [undef], {})).toBe('!TypeError: must be str or None, not StrictUndefined');
    expect(outcome('a', 'zfill', [undef], {})).toBe("!TypeError: 'StrictUndefined' object cannot be interpreted as an integer");
    const list: unknown[] = [1];
    pyMethod(list, 'append')!.call([undef], new Map());
    expect(list[1]).toBe(undef);
  });
});
