import path from 'node:path';
import { LocalFileClient } from '@brine/core/fileclient/local';
import { StateCompileError } from '@brine/core/state/compile-error';
import { compileHigh, resolveInclude, type CompileEnv } from '@brine/core/state/compile';
import { saltHighData } from '@brine/core/state/high';
import { compileLow, type LowChunk } from '@brine/core/state/low';
import { caught, StateBench } from './harness';

let bench: StateBench;
beforeEach(() => {
  bench = new StateBench();
});
afterEach(() => bench.cleanup());

function env(pillar: Record<string, unknown> = {}): CompileEnv {
  const ctx = bench.ctx();
  return { files: ctx.files, salt: ctx.salt, grains: ctx.grains, pillar, opts: ctx.opts };
}

async function low(tree: Record<string, string>, mods = ['main']): Promise<LowChunk[]> {
  bench.files(tree);
  return compileLow(await compileHigh(env(), mods.map((sls) => ({ sls, saltenv: 'base' }))));
}

/** Chunks as `module.fun id name` in run order. */
async function order(tree: Record<string, string>, mods = ['main']): Promise<string[]> {
  return (await low(tree, mods)).map((c) => `${c.state}.${c.fun} ${c.__id__}${c.name !== c.__id__ ? ` ${c.name}` : ''}`);
}

async function errors(tree: Record<string, string>): Promise<string[]> {
  bench.files(tree);
  return (await caught(compileHigh(env(), [{ sls: 'main', saltenv: 'base' }]), StateCompileError)).errors;
}

describe('declarations and definition order', () => {
  it.each<[string, string, string[]]>([
    ['definition order is run order (auto order)', 'c:\n  fake.nop: []\na:\n  fake.nop: []\nb:\n  fake.nop: []\n', ['fake.nop c', 'fake.nop a', 'fake.nop b']],
    ['several modules under one ID', 'web:\n  fake.present:\n    - contents: x\n  plain.nop: []\n', ['fake.present web', 'plain.nop web']],
    ["the 'module: [function, args]' form", 'web:\n  fake:\n    - present\n    - name: /etc/web\n', ['fake.present web /etc/web']],
    ["the 'id: module.function' shorthand", 'touch /tmp/x: fake.nop\n', ['fake.nop touch /tmp/x']],
    ['names: one chunk per name, in order', 'pkgs:\n  fake.nop:\n    - names:\n      - vim\n      - git\n      - curl\n', ['fake.nop pkgs vim', 'fake.nop pkgs git', 'fake.nop pkgs curl']],
    ['a name that is not a string falls back to the ID, as Salt', 'x:\n  fake.nop:\n    - name: [1]\n', ['fake.nop x']],
    [
      'order: numbers first, then auto order, last at the end, negatives count back from last',
      'a:\n  fake.nop:\n    - order: last\nb:\n  fake.nop: []\nc:\n  fake.nop:\n    - order: 1\nd:\n  fake.nop:\n    - order: -1\ne:\n  fake.nop:\n    - order: first\n',
      ['fake.nop e', 'fake.nop c', 'fake.nop b', 'fake.nop d', 'fake.nop a'],
    ],
  ])('%s', async (_name, sls, expected) => {
    expect(await order({ 'main.sls': sls })).toEqual(expected);
  });

  it('names may carry their own arguments', async () => {
    const chunks = await low({ 'main.sls': 'files:\n  fake.present:\n    - contents: default\n    - names:\n      - a\n      - b:\n        - contents: special\n' });
    expect(chunks.map((c) => [c.name, c.contents])).toEqual([['a', 'default'], ['b', 'special']]);
    expect(chunks[0].order).toBeLessThan(chunks[1].order);
  });

  it('a low chunk holds the declaration with Salt keys', async () => {
    const [chunk] = await low({ 'main.sls': 'web:\n  fake.present:\n    - name: /srv\n    - contents: hi\n    - require:\n      - plain: other\nother: plain.nop\n' });
    expect(chunk).toEqual({
      state: 'fake', fun: 'present', __id__: 'web', name: '/srv', __sls__: 'main', __env__: 'base', order: 10000, contents: 'hi', require: [{ plain: 'other' }],
    });
  });

  it.each<[string, string, unknown[]]>([
    ["'module.function:' puts the function after the SLS's arguments, before the auto order", 'web:\n  fake.present:\n    - name: /srv\n    - contents: hi\n', [{ name: '/srv' }, { contents: 'hi' }, 'present', { order: 10000 }]],
    ["'module: [function, ...]' keeps the function where the SLS wrote it", 'web:\n  fake:\n    - name: /srv\n    - present\n    - contents: hi\n', [{ name: '/srv' }, 'present', { contents: 'hi' }, { order: 10000 }]],
    ["the 'id: module.function' shorthand", 'web: fake.present\n', ['present', { order: 10000 }]],
    ['an extension replaces the function in place and adds its new arguments at the end', 'web:\n  fake.present:\n    - contents: hi\nextend:\n  web:\n    fake.change:\n      - contents: new\n      - mode: 644\n', [{ contents: 'new' }, 'change', { order: 10000 }, { mode: 644 }]],
  ])('show_sls form, as Salt 3006: %s', async (_name, sls, list) => {
    bench.files({ 'main.sls': sls });
    const high = await compileHigh(env(), [{ sls: 'main', saltenv: 'base' }]);
    expect(saltHighData(high)).toEqual({ web: { fake: list, __sls__: 'main', __env__: 'base' } });
  });

  it('templates see grains and pillar', async () => {
    bench.files({ 'main.sls': '{{#each pillar.users}}user_{{this}}:\n  fake.present:\n    - contents: {{../grains.os}}\n{{/each}}' });
    const chunks = compileLow(await compileHigh(env({ users: ['ann', 'bob'] }), [{ sls: 'main', saltenv: 'base' }]));
    expect(chunks.map((c) => [c.__id__, c.contents])).toEqual([['user_ann', 'Debian'], ['user_bob', 'Debian']]);
  });
});

describe('include, extend, exclude', () => {
  it('an SLS is a.b.sls or a/b/init.sls; included states come first; each SLS renders once', async () => {
    const tree = {
      'main.sls': 'include:\n  - web\n  - web.conf\nmain_id: fake.nop\n',
      'web/init.sls': 'include:\n  - .conf\nweb_id: fake.nop\n',
      'web/conf.sls': 'include:\n  - main\nconf_id: fake.nop\n',
    };
    expect(await order(tree)).toEqual(['fake.nop conf_id', 'fake.nop web_id', 'fake.nop main_id']);
  });

  it.each<[string, string, boolean, string]>([
    ['.b', 'a.x', false, 'a.b'],
    ['.b', 'a.x', true, 'a.x.b'],
    ['..b', 'a.x.y', false, 'a.b'],
    ['..b', 'a', true, 'b'],
    ['plain.name', 'a.x', false, 'plain.name'],
  ])('relative include %s from %s (init: %s) is %s', (inc, from, init, expected) => {
    expect(resolveInclude(inc, { sls: from, saltenv: 'base' }, init)).toBe(expected);
  });

  it('a relative include above the top is an error', async () => {
    expect(await errors({ 'main.sls': 'include:\n  - ...far\nx: fake.nop\n' })).toEqual([
      "Attempted relative include of '...far' within SLS 'base:main' goes beyond top level package",
    ]);
  });

  it('include {saltenv: sls} reads another environment', async () => {
    bench.files({ 'main.sls': 'include:\n  - dev: tools\nx: fake.nop\n' });
    const files = new LocalFileClient({ base: [path.join(bench.dir, 'roots')], dev: [path.join(bench.dir, 'dev')] });
    bench.files({ '../dev/tools.sls': 'tool: fake.nop\n' });
    const high = await compileHigh({ ...env(), files }, [{ sls: 'main', saltenv: 'base' }]);
    expect([...high].map(([id, d]) => `${d.env}:${d.sls}:${id}`)).toEqual(['dev:tools:tool', 'base:main:x']);
  });

  it('extend replaces arguments, appends requisites and adds modules', async () => {
    const tree = {
      'main.sls': 'include:\n  - base\nextend:\n  web:\n    fake:\n      - contents: new\n      - require:\n        - other2\n    plain.nop: []\nother2: fake.nop\n',
      'base.sls': 'web:\n  fake.present:\n    - contents: old\n    - require:\n      - other1\nother1: fake.nop\n',
    };
    const chunks = await low(tree);
    const web = chunks.filter((c) => c.__id__ === 'web').map((c) => [c.state, c.fun, c.contents, c.require]);
    expect(web).toEqual([['fake', 'present', 'new', ['other1', 'other2']], ['plain', 'nop', undefined, undefined]]);
  });

  it('extend may replace the function, and name replaces names', async () => {
    const tree = { 'main.sls': 'web:\n  fake.present:\n    - names: [a, b]\nextend:\n  web:\n    fake.change:\n      - name: c\n' };
    expect(await order(tree)).toEqual(['fake.change web c']);
  });

  it.each<[string, string, string[]]>([
    ['an ID', 'exclude:\n  - id: b\n', ['fake.nop a', 'fake.nop c']],
    ['an SLS', 'exclude:\n  - sls: other\n', ['fake.nop a', 'fake.nop b']],
    ['an SLS glob given as a string', 'exclude:\n  - oth*\n', ['fake.nop a', 'fake.nop b']],
  ])('exclude %s', async (_name, exclude, expected) => {
    const tree = { 'main.sls': `include:\n  - other\n${exclude}a: fake.nop\nb: fake.nop\n`, 'other.sls': 'c: fake.nop\n' };
    expect((await order(tree)).sort()).toEqual(expected);
  });
});

describe('compile errors, collected over every file', () => {
  it.each<[string, Record<string, string>, string[]]>([
    ['a missing SLS', {}, ["No matching sls found for 'main' in env 'base'"]],
    ['a missing include', { 'main.sls': 'include:\n  - nope\n' }, ["No matching sls found for 'nope' in env 'base'"]],
    ['not a mapping', { 'main.sls': '- a\n- b\n' }, ["SLS 'main' does not render to a dictionary"]],
    ['an ID that is not a mapping', { 'main.sls': 'x: 3\n' }, ["ID 'x' in SLS 'main' is not a dictionary"]],
    [
      'a trailing colon',
      { 'main.sls': 'x:\n  fake.nop:\n' },
      ["ID 'x' in SLS 'main' contains a short declaration (fake.nop) with a trailing colon. When not passing any arguments to a state, the colon must be omitted."],
    ],
    ['a declaration that is not a list', { 'main.sls': 'x:\n  fake.nop:\n    name: y\n' }, ["State 'x' in SLS 'main' is not formed as a list"]],
    ['two functions of one module', { 'main.sls': 'x:\n  fake:\n    - nop\n    - change\n' }, ["Too many functions declared in state 'fake' in SLS 'main'"]],
    ['two functions of one module, dotted', { 'main.sls': 'x:\n  fake.nop: []\n  fake.change: []\n' }, ["Too many functions declared in state 'fake' in SLS 'main'"]],
    ['no function', { 'main.sls': 'x:\n  fake:\n    - name: y\n' }, ["No function declared in state 'fake' in SLS 'main'"]],
    [
      'a function with whitespace',
      { 'main.sls': 'x:\n  fake:\n    - nop now\n' },
      ['The function "nop now" in state \'x\' in SLS \'main\' has whitespace, a function with whitespace is not supported, perhaps this is an argument that is missing a ":"'],
    ],
    ['names not a list', { 'main.sls': 'x:\n  fake.nop:\n    - names: a\n' }, ["The 'names' argument in state 'x' in SLS 'main' needs to be formed as a list"]],
    ['a requisite not a list', { 'main.sls': 'x:\n  fake.nop:\n    - require: y\n' }, ["The require statement in state 'x' in SLS 'main' needs to be formed as a list"]],
    [
      'an ID in two files',
      { 'main.sls': 'include:\n  - other\nx: fake.nop\n', 'other.sls': 'x: plain.nop\n' },
      ["Detected conflicting IDs, SLS IDs need to be globally unique.\n    The conflicting ID is 'x' and is found in SLS 'base:other' and SLS 'base:main'"],
    ],
    [
      'extending an unknown ID',
      { 'main.sls': 'extend:\n  ghost:\n    fake:\n      - contents: x\n' },
      [
        "Cannot extend ID 'ghost' in 'base:main'. It is not part of the high state.\nThis is likely due to a missing include statement or an incorrectly typed ID.\n" +
          "Ensure that a state with an ID of 'ghost' is available\nin environment 'base' and to SLS 'main'",
      ],
    ],
  ])('%s', async (_name, tree, expected) => {
    expect(await errors(tree)).toEqual(expected);
  });

  it('a render error names the SLS and line, and errors of several files are all reported', async () => {
    const errs = await errors({ 'main.sls': 'include:\n  - bad\n  - missing\nx: fake.nop\n', 'bad.sls': 'a:\n  b: {{oops}\n' });
    expect(errs).toHaveLength(2);
    expect(errs[0]).toMatch(/^Rendering SLS 'base:bad' failed: Handlebars syntax error: .*; line 2\n\n---\na:\n  b: \{\{oops\}    <======================\n---$/);
    expect(errs[1]).toBe("No matching sls found for 'missing' in env 'base'");
  });
});
