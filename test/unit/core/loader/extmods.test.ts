/**
 * Syncing custom modules (core/loader/extmods.ts) from a real file_roots
 * through the local file client: what is copied, what Salt's return lists,
 * filters, and the removal of modules no longer on the file server.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SaltInvocationError } from '@brine/core/errors';
import { LocalFileClient } from '@brine/core/fileclient/local';
import { extmodFilter, extmodsDir, syncExtmods, type SyncRequest } from '@brine/core/loader/extmods';

let dir: string;
let roots: string;
let extmods: string;
let files: LocalFileClient;
const base: SyncRequest = { saltenvs: ['base'] };

/** Write `rel` under the file roots. */
function put(rel: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(roots, rel)), { recursive: true });
  fs.writeFileSync(path.join(roots, rel), text);
}

/** The files under the extension folder's `type`, relative and sorted. */
const synced = (type: string): string[] =>
  fs.readdirSync(path.join(extmods, type), { recursive: true, encoding: 'utf8' }).filter((f) => fs.statSync(path.join(extmods, type, f)).isFile()).sort();

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'brine-extmods-'));
  roots = path.join(dir, 'roots');
  extmods = path.join(dir, 'extmods');
  files = new LocalFileClient({ base: [roots], dev: [path.join(dir, 'dev')] });
  put('_modules/hello.js', 'module.exports = 1;\n');
  put('_modules/sub/tool.js', 'module.exports = 2;\n');
  put('_modules/README.md', 'not a module\n');
  put('_states/site.js', 'module.exports = 3;\n');
  put('hello.js', 'outside _modules\n');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('syncExtmods', () => {
  it("copies the .js files of salt://_<type>/ and lists them as Salt: '<type>.<name>', sub-folders joined by dots", async () => {
    await expect(syncExtmods(files, 'modules', extmods, base, true)).resolves.toEqual(['modules.hello', 'modules.sub.tool']);
    expect(synced('modules')).toEqual(['hello.js', 'sub/tool.js']);
    expect(fs.readFileSync(path.join(extmods, 'modules/hello.js'), 'utf8')).toBe('module.exports = 1;\n');
    expect(fs.statSync(path.join(extmods, 'modules/hello.js')).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.join(extmods, 'modules')).mode & 0o777).toBe(0o700);
  });

  it('lists only what was added or changed', async () => {
    await syncExtmods(files, 'modules', extmods, base, true);
    await expect(syncExtmods(files, 'modules', extmods, base, true)).resolves.toEqual([]);
    put('_modules/hello.js', 'module.exports = 10;\n');
    await expect(syncExtmods(files, 'modules', extmods, base, true)).resolves.toEqual(['modules.hello']);
    expect(fs.readFileSync(path.join(extmods, 'modules/hello.js'), 'utf8')).toBe('module.exports = 10;\n');
  });

  it('with clean, removes what is no longer on the file server (and empty folders), without listing it', async () => {
    await syncExtmods(files, 'modules', extmods, base, true);
    fs.rmSync(path.join(roots, '_modules/sub'), { recursive: true });
    await expect(syncExtmods(files, 'modules', extmods, base, true)).resolves.toEqual([]);
    expect(synced('modules')).toEqual(['hello.js']);
    expect(fs.existsSync(path.join(extmods, 'modules/sub'))).toBe(false);
  });

  it('without clean, keeps them', async () => {
    await syncExtmods(files, 'modules', extmods, base, true);
    fs.rmSync(path.join(roots, '_modules/hello.js'));
    await syncExtmods(files, 'modules', extmods, base, false);
    expect(synced('modules')).toEqual(['hello.js', 'sub/tool.js']);
  });

  it('syncs each type into its own folder', async () => {
    await expect(syncExtmods(files, 'states', extmods, base, true)).resolves.toEqual(['states.site']);
    await expect(syncExtmods(files, 'grains', extmods, base, true)).resolves.toEqual([]);
    expect(synced('states')).toEqual(['site.js']);
    expect(synced('grains')).toEqual([]);
  });

  it('syncs from every saltenv asked, in order', async () => {
    fs.mkdirSync(path.join(dir, 'dev/_modules'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'dev/_modules/devtool.js'), 'module.exports = 4;\n');
    await expect(syncExtmods(files, 'modules', extmods, { saltenvs: ['base', 'dev'] }, true)).resolves.toEqual(['modules.hello', 'modules.sub.tool', 'modules.devtool']);
  });

  it('keeps to the whitelist and skips the blacklist', async () => {
    await expect(syncExtmods(files, 'modules', extmods, { ...base, whitelist: { modules: ['sub.tool'] } }, true)).resolves.toEqual(['modules.sub.tool']);
    expect(synced('modules')).toEqual(['sub/tool.js']);
    await expect(syncExtmods(files, 'modules', extmods, { ...base, blacklist: { modules: ['sub.tool'] } }, true)).resolves.toEqual(['modules.hello']);
    expect(synced('modules')).toEqual(['hello.js']);
  });

  it("fails with the file server's error for an unknown saltenv", async () => {
    await expect(syncExtmods(files, 'modules', extmods, { saltenvs: ['nope'] }, true)).rejects.toThrow("Unknown saltenv 'nope'");
  });
});

describe('extmodFilter', () => {
  it.each([
    [undefined, undefined],
    ['hello, sub.tool', { modules: ['hello', 'sub.tool'] }],
    [{ states: ['site'] }, { states: ['site'] }],
  ])('reads %j', (value, expected) => {
    expect(extmodFilter(value, 'modules', 'extmod_whitelist')).toEqual(expected);
  });

  it.each([[3], [['hello']], [{ modules: 'hello' }]])('refuses %j as Salt does', (value) => {
    expect(() => extmodFilter(value, 'modules', 'extmod_whitelist')).toThrow(new SaltInvocationError(`extmod_whitelist must be a string or dictionary: ${JSON.stringify(value)}`));
  });
});

describe('extmodsDir', () => {
  it('is extension_modules, else <cachedir>/extmods (Salt)', () => {
    expect(extmodsDir({ extension_modules: '', cachedir: '/var/cache/salt/minion' })).toBe('/var/cache/salt/minion/extmods');
    expect(extmodsDir({ extension_modules: '/srv/ext', cachedir: '/var/cache/salt/minion' })).toBe('/srv/ext');
  });
});
