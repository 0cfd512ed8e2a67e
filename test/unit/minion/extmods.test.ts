/**
 * The minion's loading of synced custom modules (minion/extmods.ts) from a
 * real extension folder: modules that load, each way a file can be broken and
 * the reason it is recorded with, a TypeScript module written against
 * @brine/sdk (test/fixtures/custom-modules/greet.ts) compiled as a site
 * compiles it, and custom grains.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { defineGrainsModule } from '@brine/core/loader/grains';
import { Loader } from '@brine/core/loader/loader';
import type { Logger } from '@brine/core/log';
import { customGrains, keepPinned, loadGrainsModules, loadModules } from '@brine/minion/extmods';
import { MODULES } from '@brine/modules/index';
import { callContext } from '../helpers/exec-context';

let dir: string;
let errors: string[];
/** A logger that keeps its error lines. */
const log: Logger = {
  critical: () => undefined,
  error: (msg) => void errors.push(msg),
  warning: () => undefined,
  info: () => undefined,
  debug: () => undefined,
  trace: () => undefined,
  child: () => log,
};

/** Write `<dir>/<type>/<file>`. */
function put(type: string, file: string, text: string): void {
  fs.mkdirSync(path.join(dir, type), { recursive: true });
  fs.writeFileSync(path.join(dir, type, file), text);
}

const HELLO = `module.exports = {
  name: 'hello', doc: 'Greetings.',
  functions: { world: { doc: 'Say hello.', example: "salt '*' hello.world", args: [], run: (ctx) => 'Hello from ' + ctx.grains.id } },
};
`;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'brine-extload-'));
  errors = [];
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('loadModules', () => {
  it('loads every top-level .js file that exports a module, and they run through the loader', async () => {
    put('modules', 'hello.js', HELLO);
    put('modules', 'notes.txt', 'not a module');
    const { defs, broken } = loadModules(dir, 'modules', log);
    expect(defs.map((d) => d.name)).toEqual(['hello']);
    expect(broken.size).toBe(0);
    const base = callContext(dir, { id: 'm1' }, new AbortController().signal);
    await expect(new Loader(defs, base.opts, base.grains).call('hello.world', [], {}, base)).resolves.toBe('Hello from m1');
  });

  it('gives nothing for a folder that does not exist', () => {
    expect(loadModules(dir, 'states', log)).toEqual({ defs: [], broken: new Map() });
  });

  it('reads the file again on every load, so a changed file replaces the module', () => {
    put('modules', 'hello.js', HELLO);
    expect(loadModules(dir, 'modules', log).defs[0].doc).toBe('Greetings.');
    put('modules', 'hello.js', HELLO.replace('Greetings.', 'Hi.'));
    expect(loadModules(dir, 'modules', log).defs[0].doc).toBe('Hi.');
  });

  it.each([
    ['a syntax error', 'module.exports = {\n  name: (\n};\n', /^SyntaxError: Unexpected token '}' \(bad\.js, line 3\)$/],
    ['an exception at load', "\nthrow new TypeError('no config here');\n", /^TypeError: no config here \(bad\.js, line 2\)$/],
    ['a missing package', "require('no-such-package-here');\n", /^Error: Cannot find module 'no-such-package-here' \(bad\.js, line 1\)$/],
    ['an export that is not a module', 'module.exports = 42;\n', /^it does not export defineModule\(\{name, doc, functions\}\)$/],
    ['another name than its file', "module.exports = { name: 'good', doc: '', functions: {} };\n", /^it declares name 'good', but its file is bad\.js$/],
    ['a function without run', "module.exports = { name: 'bad', doc: '', functions: { f: { doc: '', example: '', args: [] } } };\n", /^function 'f' has no run\(ctx, args\)$/],
    ['a function without docs', "module.exports = { name: 'bad', doc: '', functions: { f: { args: [], run() {} } } };\n", /^function 'f' needs a doc and an example/],
    ['a bad argument type', "module.exports = { name: 'bad', doc: '', functions: { f: { doc: '', example: '', args: [{ name: 'x', type: 'str' }], run() {} } } };\n", /^function 'f': each of its args needs a name and a type/],
  ])('records %s with its reason, logs it, and loads the others', (_case, text, reason) => {
    put('modules', 'bad.js', text);
    put('modules', 'hello.js', HELLO);
    const { defs, broken } = loadModules(dir, 'modules', log);
    expect(defs.map((d) => d.name)).toEqual(['hello']);
    expect([...broken.keys()]).toEqual(['bad']);
    expect(broken.get('bad')).toMatch(reason);
    expect(errors).toEqual([`Failed to load custom module ${path.join(dir, 'modules', 'bad.js')}: ${broken.get('bad')}`]);
  });

  it('loads a TypeScript module written against @brine/sdk and compiled to CommonJS, its default export included', async () => {
    const source = fs.readFileSync(path.join(__dirname, '../../fixtures/custom-modules/greet.ts'), 'utf8');
    const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
    put('modules', 'greet.js', js);
    const { defs, broken } = loadModules(dir, 'modules', log);
    expect(broken).toEqual(new Map());
    const base = callContext(dir, { id: 'm1' }, new AbortController().signal);
    const loader = new Loader(defs, base.opts, base.grains);
    await expect(loader.call('greet.hello', ['you'], { times: 2 }, base)).resolves.toBe('Hello, you from m1; Hello, you from m1');
    await expect(loader.call('greet.hello', ['you'], { times: 0 }, base)).rejects.toThrow('times must be at least 1, not 0');
  });
});

describe('a custom module that replaces saltutil', () => {
  // A synced saltutil.js replaced sync_*: one with a bad sync_modules left a minion no job could repair.
  const HIJACK = (file: string, virtualName?: string) => `module.exports = {
  name: '${file}', ${virtualName ? `virtualName: '${virtualName}', ` : ''}doc: 'Site saltutil.',
  functions: {
    note: { doc: 'A site function.', example: "salt '*' saltutil.note", args: [], run: () => 'site note' },
    sync_modules: { doc: 'Hijacked.', example: "salt '*' saltutil.sync_modules", args: [], run: () => 'hijacked' },
    refresh_modules: { doc: 'Hijacked.', example: "salt '*' saltutil.refresh_modules", args: [], run: () => 'hijacked' },
  },
};
`;
  const builtin = MODULES.find((m) => m.name === 'saltutil')!;

  it.each([
    ['saltutil.js', 'saltutil', undefined],
    ['mysaltutil.js, virtualName saltutil', 'mysaltutil', 'saltutil'],
  ])('%s: its own functions load, but sync_* and refresh_modules stay the built-in ones', async (_case, file, virtualName) => {
    put('modules', `${file}.js`, HIJACK(file, virtualName));
    const { defs } = loadModules(dir, 'modules', log);
    const base = callContext(dir, { id: 'm1' }, new AbortController().signal);
    const loader = new Loader([...MODULES, ...keepPinned(defs, MODULES)], base.opts, base.grains);
    await expect(loader.call('saltutil.note', [], {}, base)).resolves.toBe('site note');
    for (const fn of ['sync_modules', 'sync_all', 'sync_states', 'sync_grains', 'refresh_modules']) {
      expect(loader.resolve(`saltutil.${fn}`)).toBe(builtin.functions[fn]);
    }
    // Not pinned: the custom module's choice, as Salt's override.
    expect(() => loader.resolve('saltutil.running')).toThrow("'saltutil.running' is not available.");
  });

  it('leaves other custom modules as they are', () => {
    put('modules', 'hello.js', HELLO);
    const { defs } = loadModules(dir, 'modules', log);
    expect(keepPinned(defs, MODULES)).toEqual(defs);
  });
});

describe('custom grains', () => {
  it('loads grains modules and merges what their functions return, in name order', async () => {
    put('grains', 'b_roles.js', "module.exports = { name: 'b_roles', doc: '', functions: { roles: (ctx) => ({ roles: ['web'], seen: ctx.grains.first }) } };\n");
    put('grains', 'a_first.js', "module.exports = { name: 'a_first', doc: '', functions: { z: () => ({ first: 'z' }), a: async () => ({ first: 'a', os: 'Custom' }) } };\n");
    const { defs } = loadGrainsModules(dir, log);
    const base = callContext(dir, {}, new AbortController().signal);
    await expect(customGrains(defs, { opts: base.opts, grains: { os: 'Debian' }, log })).resolves.toEqual({ first: 'z', os: 'Custom', roles: ['web'], seen: 'z' });
  });

  it('skips a function that throws or returns something other than a dict, and logs it', async () => {
    const def = defineGrainsModule({
      name: 'odd',
      doc: '',
      functions: {
        a: () => {
          throw new Error('no network');
        },
        b: () => 'web' as never,
        c: () => ({ ok: true }),
      },
    });
    const base = callContext(dir, {}, new AbortController().signal);
    await expect(customGrains([def], { opts: base.opts, grains: {}, log })).resolves.toEqual({ ok: true });
    expect(errors).toEqual(['Custom grains function odd.a failed: no network', 'Custom grains function odd.b returned string, not a dict; ignored']);
  });

  it('records a grains module whose functions are not functions', () => {
    put('grains', 'bad.js', "module.exports = { name: 'bad', doc: '', functions: { roles: { roles: [] } } };\n");
    expect(loadGrainsModules(dir, log).broken).toEqual(new Map([['bad', "grains function 'roles' is not a function"]]));
  });
});
