import { Undefined } from '@brine/core/jinja/runtime/values';
import { err, r } from './context';

describe('Jinja string filters', () => {
  test.each<[string, unknown, unknown[], Record<string, unknown>, string]>([
    ['capitalize', 'hello wORLD', [], {}, "'Hello world'"],
    // Python's str.capitalize titlecases the first character; Jinja's title upper-cases it
    ['capitalize', 'ǆa ǆB', [], {}, "'ǅa ǆb'"],
    ['title', 'ǆa ǆB', [], {}, "'Ǆa Ǆb'"],
    ['trim', '\u00a0x\u2003', [], {}, "'x'"],
    ['lower', 'HeLLo', [], {}, "'hello'"],
    ['upper', 'HeLLo', [], {}, "'HELLO'"],
    ['title', 'hello-world (foo) [bar] x\tyz', [], {}, "'Hello-World (Foo) [Bar] X\\tYz'"],
    ['string', 42, [], {}, "'42'"],
    ['string', [1, 'a'], [], {}, '"[1, \'a\']"'],
    ['string', null, [], {}, "'None'"],
    ['safe', 5, [], {}, "'5'"],
    ['center', 'abc', [9], {}, "'   abc   '"],
    ['center', 'ab', [7], {}, "'   ab  '"],
    ['center', 'abcdef', [3], {}, "'abcdef'"],
    ['trim', '  xxhixx ', [], {}, "'xxhixx'"],
    ['trim', 'xxhixx', ['x'], {}, "'hi'"],
    ['replace', 'aaa', ['a', 'b', 2], {}, "'bba'"],
    ['replace', 'abc', ['', '-'], {}, "'-a-b-c-'"],
    ['replace', 'Hello World', ['Hello', 'Goodbye'], {}, "'Goodbye World'"],
    ['replace', 10, [1, 2], {}, "'20'"],
    ['indent', 'a\n\nb\n', [], {}, "'a\\n\\n    b\\n'"],
    ['indent', 'a\n\nb', [2, true, true], {}, "'  a\\n  \\n  b'"],
    ['indent', 'a\nb', ['> '], {}, "'a\\n> b'"],
    ['indent', 'a\nb', [], { first: true }, "'    a\\n    b'"],
    ['truncate', 'foo bar baz qux', [9], {}, "'foo...'"],
    ['truncate', 'foo bar baz qux', [9, true], { leeway: 0 }, "'foo ba...'"],
    ['truncate', 'foo bar baz qux', [11, false, '..', 0], {}, "'foo bar..'"],
    ['truncate', 'foo bar baz qux', [12], {}, "'foo bar baz qux'"],
    ['escape', '<a href="x">&\'</a>', [], {}, '\'&lt;a href=&#34;x&#34;&gt;&amp;&#39;&lt;/a&gt;\''],
    ['e', 5, [], {}, "'5'"],
    ['forceescape', '<b>', [], {}, "'&lt;b&gt;'"],
    ['striptags', '<p>Hello   <b>world</b><!-- c --> &amp; you</p>\n', [], {}, "'Hello world & you'"],
    ['urlencode', 'a b/c&é!*', [], {}, "'a%20b/c%26%C3%A9%21%2A'"],
    ['urlencode', { 'a b': '/c', x: 1 }, [], {}, "'a+b=%2Fc&x=1'"],
    ['urlencode', [['k', 'v w']], [], {}, "'k=v+w'"],
    ['urlencode', 42, [], {}, "'42'"],
    ['xmlattr', { class: 'my_list', missing: null, id: 'a<b' }, [], {}, '\' class="my_list" id="a&lt;b"\''],
    ['xmlattr', { a: 1 }, [false], {}, '\'a="1"\''],
    ['xmlattr', {}, [], {}, "''"],
    ['wordcount', 'Hello, wörld_x 42!', [], {}, '3'],
  ])('%s(%p, %p, %p) is %s', (name, value, args, kwargs, expected) => {
    expect(r(name, value, args, kwargs)).toBe(expected);
  });

  test.each<[string, () => unknown, string]>([
    ['lower of an Undefined', () => r('lower', new Undefined('x')), "UndefinedError: 'x' is undefined"],
    ['replace in an Undefined', () => r('replace', new Undefined('x'), ['a', 'b']), "UndefinedError: 'x' is undefined"],
    ['indent of an int', () => r('indent', 5), "TypeError: unsupported operand type(s) for +=: 'int' and 'str'"],
    ['indent by a float', () => r('indent', 'a', [1.5]), "TypeError: can't multiply sequence by non-int of type 'float'"],
    ['truncate shorter than the end', () => r('truncate', 'abcdefghijkl', [2]), 'AssertionError: expected length >= 3, got 2'],
    ['truncate an int', () => r('truncate', 5), "TypeError: object of type 'int' has no len()"],
    ['center without a width int', () => r('center', 'a', ['b']), "TypeError: 'str' object cannot be interpreted as an integer"],
    ['xmlattr of a list', () => r('xmlattr', [1]), "AttributeError: 'list' object has no attribute 'items'"],
    ['replace missing an argument', () => r('replace', 'a', ['b']), "TypeError: do_replace() missing 1 required positional argument: 'new'"],
  ])('%s raises', (_what, fn, expected) => {
    expect(err(fn)).toBe(expected);
  });
});
