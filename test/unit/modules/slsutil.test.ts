import fs from 'node:fs';
import path from 'node:path';
import { CommandExecutionError, SaltInvocationError, SaltRenderError } from '@brine/core/errors';
import { runSerializer } from '@brine/modules/lib/serializers';
import { makeHarness, type Harness } from '../helpers/exec-context';

let h: Harness;
beforeEach(() => (h = makeHarness({ os: 'Debian', os_family: 'Debian' })));
afterEach(() => h.cleanup());

const call = (fun: string, args: unknown[], kwargs: Record<string, unknown> = {}) => h.ctx.salt.call(fun, args, kwargs);

describe('slsutil.merge, merge_all and update', () => {
  it('merge recurses by default and follows the strategy', async () => {
    await expect(h.call('slsutil.merge', '{foo: {a: 1}}', '{foo: {b: 2}}')).resolves.toEqual({ foo: { a: 1, b: 2 } });
    await expect(h.call('slsutil.merge', '{foo: {a: 1}}', '{foo: {b: 2}}', 'strategy=overwrite')).resolves.toEqual({ foo: { b: 2 } });
    await expect(h.call('slsutil.merge', '{l: [1]}', '{l: [2]}', 'merge_lists=True')).resolves.toEqual({ l: [1, 2] });
    await expect(h.call('slsutil.merge', '{a: 1}', '{a: 2}', 'strategy=list')).resolves.toEqual({ a: [1, 2] });
    await expect(h.call('slsutil.merge', '[1]', '{a: 2}')).rejects.toBeInstanceOf(SaltInvocationError);
  });

  it('merge_all merges in order', async () => {
    await expect(h.call('slsutil.merge_all', '[{foo: Foo}, {foo: Bar}, {baz: 1}]')).resolves.toEqual({ foo: 'Bar', baz: 1 });
  });

  it('update changes dest in place', async () => {
    const dest = { foo: { a: 1 } };
    await expect(call('slsutil.update', [dest, { foo: { b: 2 } }])).resolves.toBe(dest);
    expect(dest).toEqual({ foo: { a: 1, b: 2 } });
    await expect(call('slsutil.update', [{ foo: { a: 1 } }, { foo: { b: 2 } }], { recursive_update: false })).resolves.toEqual({ foo: { b: 2 } });
  });
});

describe('serializers', () => {
  it.each([
    // Python 3.11: salt.utils.json.dumps(v), which is json.dumps with ensure_ascii=False unless given
    [{ foo: 'Foo!' }, {}, '{"foo": "Foo!"}'],
    [{ b: [1, 2.5, null, true], a: {} }, {}, '{"b": [1, 2.5, null, true], "a": {}}'],
    [{ b: 1, a: 'é' }, { sort_keys: true }, '{"a": "é", "b": 1}'],
    [{ a: 'é' }, { ensure_ascii: true }, '{"a": "\\u00e9"}'],
    [{ a: 1e-5 }, {}, '{"a": 1e-05}'],
    [{ a: [1, { b: [] }] }, { indent: 2 }, '{\n  "a": [\n    1,\n    {\n      "b": []\n    }\n  ]\n}'],
  ])("json of %j %j is Python's", (value, options, expected) => {
    expect(runSerializer('json', 'serialize', value, options)).toBe(expected);
  });

  it.each([
    // Python 3.11, PyYAML 6: yaml.safe_dump(v, default_flow_style=None) without the final newline
    [{ foo: 'Foo!' }, '{foo: Foo!}'],
    [{ pkgs: ['vim', 'curl'], name: 'web', opts: { port: 80, tls: true } }, 'name: web\nopts: {port: 80, tls: true}\npkgs: [vim, curl]'],
    [{ users: [{ name: 'a', groups: ['x'] }, { name: 'b', shell: null }] }, 'users:\n- groups: [x]\n  name: a\n- {name: b, shell: null}'],
    [{ a: { b: { c: 1 } } }, 'a:\n  b: {c: 1}'],
    [[1, [2, [3]]], '- 1\n- - 2\n  - [3]'],
    ['text', 'text'],
    [{ s: 'a: b', on: 'yes' }, "{'on': 'yes', s: 'a: b'}"],
  ])("yaml of %j is PyYAML's", (value, expected) => {
    expect(runSerializer('yaml', 'serialize', value, {})).toBe(expected);
  });

  it('slsutil.serialize and deserialize use them by name', async () => {
    await expect(h.call('slsutil.serialize', 'json', '{foo: Foo!}')).resolves.toBe('{"foo": "Foo!"}');
    await expect(call('slsutil.serialize', ['json', { b: 1, a: 2 }], { sort_keys: true, indent: 4 })).resolves.toBe('{\n    "a": 2,\n    "b": 1\n}');
    await expect(call('slsutil.serialize', ['yaml', { foo: { bar: [1, 2] } }])).resolves.toBe('foo:\n  bar: [1, 2]');
    await expect(call('slsutil.deserialize', ['json', '{"foo": "Foo!"}'])).resolves.toEqual({ foo: 'Foo!' });
    await expect(call('slsutil.deserialize', ['yaml', 'a: [1, 2]\nb: {c: d}'])).resolves.toEqual({ a: [1, 2], b: { c: 'd' } });
    await expect(call('slsutil.serialize', ['toml', {}])).rejects.toThrow(new CommandExecutionError("Serializer 'toml' not found."));
    await expect(call('slsutil.deserialize', ['json', '{nope'])).rejects.toBeInstanceOf(SaltInvocationError);
  });
});

describe('slsutil.renderer', () => {
  beforeEach(() => {
    fs.mkdirSync(path.join(h.dir, 'roots'), { recursive: true });
    fs.writeFileSync(path.join(h.dir, 'roots', 'map.sls'), 'pkg: {{#if (eq_os)}}x{{/if}}{{grains.os_family}}-pkg\nport: {{port}}\n');
    fs.writeFileSync(path.join(h.dir, 'roots', 'data.json'), '#!json\n{"a": [1, 2]}\n');
    fs.writeFileSync(path.join(h.dir, 'roots', 'plain.sls'), '#!yaml\nkey: "{{not rendered}}"\n');
  });

  it('renders a string through jinja|yaml with grains and keyword variables', async () => {
    await expect(call('slsutil.renderer', [], { string: 'os: {{grains.os}}\nport: {{port}}', port: 8080 })).resolves.toEqual({ os: 'Debian', port: 8080 });
    await expect(call('slsutil.renderer', [], { string: 'a: {{grains.os}}', default_renderer: 'jinja' })).resolves.toBe('a: Debian');
    await expect(call('slsutil.renderer', [], { string: 'a: {{ salt["test.echo"]("hi") }}' })).resolves.toEqual({ a: 'hi' });
    await expect(call('slsutil.renderer', [], { string: 'a: {{salt "test.echo" "hi"}}', default_renderer: 'handlebars|yaml' })).resolves.toEqual({ a: 'hi' });
  });

  it('renders salt:// files, honouring their #! line', async () => {
    fs.writeFileSync(path.join(h.dir, 'roots', 'map.sls'), 'pkg: {{grains.os_family}}-pkg\nport: {{port}}\n');
    await expect(call('slsutil.renderer', ['salt://map.sls'], { port: 80 })).resolves.toEqual({ pkg: 'Debian-pkg', port: 80 });
    await expect(call('slsutil.renderer', ['salt://data.json'])).resolves.toEqual({ a: [1, 2] });
    await expect(call('slsutil.renderer', ['salt://plain.sls'])).resolves.toEqual({ key: '{{not rendered}}' });
  });

  it('fails clearly', async () => {
    await expect(call('slsutil.renderer', [])).rejects.toThrow(new SaltInvocationError('Must pass either path or string'));
    await expect(call('slsutil.renderer', [], { string: '#!mako|yaml\na: 1' })).rejects.toBeInstanceOf(SaltRenderError);
    await expect(call('slsutil.renderer', [], { string: 'a: [1' })).rejects.toBeInstanceOf(SaltRenderError);
  });

  it('renders a file that does not exist to {}, as Salt', async () => {
    await expect(call('slsutil.renderer', ['salt://nosuch.sls'])).resolves.toEqual({});
    await expect(call('slsutil.renderer', [path.join(h.dir, 'nosuch')])).resolves.toEqual({});
  });
});

describe('slsutil.boolstr', () => {
  it.each([
    // the CLI words load as Salt's yamlify_arg does: yes/no are PyYAML's True/False
    [['True', 'yes', 'no'], true],
    [['0', 'yes', 'no'], false],
    [['True', 'on!', 'off!'], 'on!'],
    [['[]'], 'false'],
    [['x'], 'true'],
  ])('%j -> %j', async (words: string[], expected: unknown) => {
    await expect(h.call('slsutil.boolstr', ...words)).resolves.toBe(expected);
  });
});
