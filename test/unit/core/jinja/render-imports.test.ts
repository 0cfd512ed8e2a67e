import { env, failure, render, renderError } from './support/render';
import { TemplateSyntaxError } from '@brine/core/jinja/errors';

const files = {
  'lib.jinja': '{% set exported = "e" %}{% set _private = "p" %}{% macro hello(n) %}hi {{ n }}{% endmacro %}{% from "other.jinja" import o %}body{{ g }}',
  'other.jinja': '{% set o = "o" %}',
  'ctx.jinja': '{% set seen = v is defined and v %}{% macro show() %}{{ v }}{% endmacro %}',
  'inc.jinja': '[{{ v }}{{ i is defined and i }}{% set leak = 1 %}]',
  'defaults.yaml': 'a: 1\nb: {{ g }}',
  'bad.yaml': 'a: !bad',
  'data.json': '{"2": "two", "1": {"x": [1, 2.5, null, true]}}',
  'text.txt': 'hello {{ g }}',
  'counter.jinja': '{% do calls.append(1) %}{% set n = calls|length %}',
  'syntax.jinja': '{% if %}',
  'base.html': '<{% block title %}T{% endblock %}|{% block body %}B{% endblock %}>',
  'child.html': '{% extends "base.html" %}ignored{% block title %}[{{ super() }}]{% endblock %}',
  'grandchild.html': '{% extends "child.html" %}{% block body %}G{{ super() }}{% endblock %}',
};

function run(src: string, vars: Record<string, unknown> = {}): Promise<string> {
  return env(files, { globals: { g: 'G', calls: [] } }).fromString(src, 'top.sls').render(vars);
}

/** `pyType: reason` of the error `src` raises, rendered as {@link run} does. */
async function fail(src: string): Promise<string> {
  const e = (await run(src).then(
    (out) => new Error(`rendered: ${out}`),
    (x: unknown) => x,
  )) as { pyType: string; reason: string };
  return `${e.pyType}: ${e.reason}`;
}

describe('import', () => {
  test.each([
    ['{% import "lib.jinja" as lib %}{{ lib.exported }} {{ lib.hello("x") }} {{ lib._private is defined }} {{ lib.o is defined }}', 'e hi x False False'],
    ['{% import "lib.jinja" as lib %}{{ lib }}', 'bodyG'],
    ['{% from "lib.jinja" import hello, exported as ex %}{{ hello(ex) }}', 'hi e'],
    // without context the template sees the globals, not the importer's variables
    ['{% set v = 1 %}{% from "ctx.jinja" import seen %}{{ seen }}', 'False'],
    ['{% set v = 1 %}{% from "ctx.jinja" import seen with context %}{{ seen }}', '1'],
    ['{% for v in [7] %}{% import "ctx.jinja" as c with context %}{{ c.seen }}{% endfor %}', '7'],
    // imported without context, a template runs once per render
    ['{% import "counter.jinja" as a %}{% import "counter.jinja" as b %}{{ a.n }}{{ b.n }}{{ calls }}', '11[1]'],
  ])('%s', async (src, out) => {
    expect(await run(src)).toBe(out);
  });

  test('a name the template does not export', async () => {
    expect(await run('{% from "lib.jinja" import nope %}{{ nope is defined }}')).toBe('False');
    expect(await fail('\n{% from "lib.jinja" import nope %}{{ nope }}')).toBe("UndefinedError: the template 'lib.jinja' (imported on line 2 in 'top.sls') does not export the requested name 'nope'");
  });

  test('a missing attribute of a module', async () => {
    expect(await fail('{% import "lib.jinja" as lib %}{{ lib.nope }}')).toBe("UndefinedError: 'jinja2.runtime.TemplateModule object' has no attribute 'nope'");
  });

  test('a missing template is TemplateNotFound at the import', async () => {
    const e = await renderError('\n {% import "missing.jinja" as m %}', {}, files);
    expect([e.pyType, e.reason, e.line, e.column]).toEqual(['TemplateNotFound', 'missing.jinja', 2, 5]);
  });

  test('a syntax error in an imported template is raised as such', async () => {
    await expect(run('{% import "syntax.jinja" as s %}')).rejects.toBeInstanceOf(TemplateSyntaxError);
  });

  test('a failure inside an imported template keeps the innermost position', async () => {
    const e = await renderError('\n\n{% import "inc.jinja" as m with context %}', {}, files);
    expect([e.reason, e.file, e.line, e.column, e.source]).toEqual(["'v' is undefined", 'inc.jinja', 1, 5, files['inc.jinja']]);
  });

  test('getTemplate compiles a template once per resolved name', async () => {
    const e = env(files);
    const a = await e.getTemplate('other.jinja');
    const b = await e.getTemplate('other.jinja');
    expect(a.compiled).toBe(b.compiled);
    expect(a.name).toBe('other.jinja');
  });
});

describe('include', () => {
  test.each([
    // with context by default, the includer's local variables included
    ['{% set v = "a" %}{% for i in [1] %}{% include "inc.jinja" %}{% endfor %}{{ leak is defined }}', '[a1]False'],
    ['{% include "missing.jinja" ignore missing %}ok', 'ok'],
    ['{% set v = "a" %}{% include ["missing.jinja", "inc.jinja"] %}', '[aFalse]'],
    ['{% include "text.txt" without context %}', 'hello G'],
  ])('%s', async (src, out) => {
    expect(await run(src)).toBe(out);
  });

  test.each([
    ['{% include "missing.jinja" %}', 'TemplateNotFound: missing.jinja'],
    ['{% include ["m1", "m2"] %}', 'TemplatesNotFound: none of the templates given were found: m1, m2'],
    ['{% include [] %}', 'TemplatesNotFound: Tried to select from an empty list of templates.'],
    ['{% include nope %}', "UndefinedError: 'nope' is undefined"],
  ])('%s', async (src, message) => {
    expect(await failure(src, {}, files)).toBe(message);
  });
});

describe("Salt's data tags", () => {
  test.each([
    ['{% import_yaml "defaults.yaml" as d %}{{ d }}', "{'a': 1, 'b': 'G'}"],
    ['{% import_json "data.json" as d %}{{ d }}', "{'2': 'two', '1': {'x': [1, 2.5, None, True]}}"],
    ['{% import_text "text.txt" as t %}{{ t }}', 'hello G'],
    ['{% load_yaml as d %}k: {{ 1 + 1 }}{% endload %}{{ d.k }}', '2'],
    ['{% load_json as d %}[1, {"a": "{{ g }}"}]{% endload %}{{ d }}', "[1, {'a': 'G'}]"],
    ['{% load_text as d %}  x {% endload %}[{{ d }}]', '[  x ]'],
    ['{% profile as "p" %}{% set inside = 1 %}body{% endprofile %}{{ inside }}', 'body1'],
  ])('%s', async (src, out) => {
    expect(await run(src)).toBe(out);
  });

  test('import_yaml results are exported like a set', async () => {
    const lib = { 'map.jinja': '{% import_yaml "defaults.yaml" as defaults %}' };
    expect(await render('{% from "map.jinja" import defaults %}{{ defaults.a }}', {}, { ...files, ...lib }, { globals: { g: 1 } })).toBe('1');
  });

  test('load errors use Salt wording', async () => {
    expect(await fail('{% import_yaml "bad.yaml" as d %}')).toBe(
      'TemplateRuntimeError: Encountered error loading yaml: could not determine a constructor for the tag \'!bad\'\n  in "<unicode string>", line 2, column 1',
    );
    expect(await failure('{% load_json as d %}{nope{% endload %}', {}, files)).toBe('TemplateRuntimeError: Unable to load json from {nope');
  });
});

describe('template inheritance', () => {
  test.each([
    ['{% extends "base.html" %}', '<T|B>'],
    ['{% extends "child.html" %}', '<[T]|B>'],
    ['{% extends "grandchild.html" %}', '<[T]|GB>'],
    ['before{% extends "base.html" %}after{% block body %}mine{% endblock %}', 'before<T|mine>'],
    ['{% extends "base.html" %}{% block body %}{{ self.title() }}{% endblock %}', '<T|T>'],
    ['{% block a %}A{% endblock %}{{ self.a() }}{{ self.nope is defined }}', 'AAFalse'],
  ])('%s', async (src, out) => {
    expect(await run(src)).toBe(out);
  });

  test('a block defined twice, a required block not overridden', async () => {
    expect(() => env().fromString('{% block a %}{% endblock %}\n{% block a %}{% endblock %}')).toThrow("block 'a' defined twice");
    expect(await failure('{% block a required %}{% endblock %}')).toBe("TemplateRuntimeError: Required block 'a' not found");
    expect(await failure('{% block a %}{{ super() }}{% endblock %}')).toBe("UndefinedError: there is no parent block called 'a'.");
  });

  test('blocks outside inheritance render in place, scoped ones see loop variables', async () => {
    expect(await render('{% for i in [1] %}{% block b scoped %}{{ i }}{% endblock %}{% endfor %}')).toBe('1');
    expect(await failure('{% for i in [1] %}{% block b %}{{ i }}{% endblock %}{% endfor %}')).toBe("UndefinedError: 'i' is undefined");
  });
});
