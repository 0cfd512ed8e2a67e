import { failure, render, renderError } from './support/render';


describe('macros', () => {
  test.each([
    ['{% macro m(a, b=2) %}{{ a }}-{{ b }}{% endmacro %}{{ m(1) }} {{ m(1, 3) }} {{ m(b=4, a=5) }}', '1-2 1-3 5-4'],
    // defaults are evaluated at call time, in the macro's scope
    ['{% set x = 1 %}{% macro m(a=x) %}{{ a }}{% endmacro %}{% set x = 2 %}{{ m() }}', '2'],
    ['{% macro m(a, b=a * 2) %}{{ b }}{% endmacro %}{{ m(3) }}', '6'],
    // a macro reads its defining template's variables when called
    ['{% macro m() %}{{ y }}{% endmacro %}{% set y = "late" %}{{ m() }}', 'late'],
    ['{% macro m() %}{{ varargs }}{{ kwargs }}{% endmacro %}{{ m(1, 2, k=3) }}', "(1, 2){'k': 3}"],
    ['{% macro m(a) %}{{ a }}{% endmacro %}{{ m.name }} {{ m.arguments }} {{ m.catch_kwargs }} {{ m.catch_varargs }} {{ m.caller }}', "m ('a',) False False False"],
    ['{% macro m() %}{{ caller() }}{{ kwargs }}{% endmacro %}{{ m.caller }} {{ m.catch_kwargs }}', 'True True'],
    // sets inside a macro stay inside
    ['{% set v = 1 %}{% macro m() %}{% set v = 2 %}{{ v }}{% endmacro %}{{ m() }}{{ v }}', '21'],
    // a macro returns a string
    ['{% macro m() %}{{ 1 }}{% endmacro %}{{ m() ~ "x" }} {{ m()|length }}', '1x 1'],
    // macros recurse
    ['{% macro f(n) %}{% if n > 0 %}{{ n }}{{ f(n - 1) }}{% endif %}{% endmacro %}{{ f(3) }}', '321'],
  ])('%s', async (src, out) => {
    expect(await render(src)).toBe(out);
  });

  test.each([
    ['{% macro m(a) %}{{ a }}{% endmacro %}{{ m() }}', "UndefinedError: parameter 'a' was not provided"],
    ['{% macro m(a) %}{% endmacro %}{{ m(1, 2) }}', "TypeError: macro 'm' takes not more than 1 argument(s)"],
    ['{% macro m(a) %}{% endmacro %}{{ m(1, b=2) }}', "TypeError: macro 'm' takes no keyword argument 'b'"],
    ['{% macro m(a) %}{% endmacro %}{{ m(1, a=2) }}', "TypeError: macro 'm' takes no keyword argument 'a'"],
    ['{% macro m() %}{{ caller() }}{% endmacro %}{{ m() }}', 'UndefinedError: No caller defined'],
    ['{% macro m() %}{% endmacro %}{{ m.nope }}', "UndefinedError: 'jinja2.runtime.Macro object' has no attribute 'nope'"],
    ['{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}', 'RecursionError: maximum recursion depth exceeded'],
  ])('%s', async (src, message) => {
    expect(await failure(src)).toBe(message);
  });

  test('an error inside a macro is positioned in the macro body', async () => {
    const src = '{% macro m() %}\n\n  {{ nope }}{% endmacro %}\n{{ m() }}';
    const e = await renderError(src);
    expect([e.reason, e.line, e.column]).toEqual(["'nope' is undefined", 3, 6]);
  });
});

describe('call blocks', () => {
  test.each([
    ['{% macro m() %}<{{ caller() }}>{% endmacro %}{% call m() %}body{% endcall %}', '<body>'],
    ['{% macro m(x) %}{% for i in x %}{{ caller(i, sep="-") }}{% endfor %}{% endmacro %}{% call(v, sep) m([1, 2]) %}{{ v }}{{ sep }}{% endcall %}', '1-2-'],
    // the call block body sees the variables where it is written
    ['{% set who = "me" %}{% macro m() %}{{ caller() }}{% endmacro %}{% for i in [1] %}{% call m() %}{{ who }}{{ i }}{% endcall %}{% endfor %}', 'me1'],
    ['{% macro m() %}{{ caller.name }}{{ caller.arguments }}{% endmacro %}{% call(a) m() %}{% endcall %}', "caller('a',)"],
  ])('%s', async (src, out) => {
    expect(await render(src)).toBe(out);
  });
});
