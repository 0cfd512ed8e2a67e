import fs from 'node:fs';
import path from 'node:path';
import { makeStateHarness, type StateHarness } from './harness';

let h: StateHarness;
let t: string;
beforeEach(() => {
  h = makeStateHarness({ site: { title: 'From pillar' } });
  t = path.join(h.dir, 'target');
  fs.mkdirSync(t);
});
afterEach(() => h.cleanup());

const TEST_NOTE = '\nNote: No changes made, actual changes may\nbe different due to other states.';
/** The mode of a new file: 0666 less the umask. */
const NEW_MODE = (0o666 & ~process.umask()).toString(8).padStart(4, '0');
const modeOf = (p: string): string => (fs.statSync(p).mode & 0o7777).toString(8).padStart(4, '0');
const asRoot = process.getuid?.() === 0;

describe('file.managed', () => {
  it('creates a file from contents, then is in the correct state (idempotent)', async () => {
    const name = path.join(t, 'motd');
    await expect(h.run('file.managed', { name, contents: 'hello' })).resolves.toEqual({
      name,
      result: true,
      comment: `File ${name} updated`,
      changes: { diff: 'New file', mode: NEW_MODE },
    });
    expect(fs.readFileSync(name, 'utf8')).toBe('hello\n');
    await expect(h.run('file.managed', { name, contents: 'hello' })).resolves.toEqual({
      name,
      result: true,
      comment: `File ${name} is in the correct state`,
      changes: {},
    });
    // Salt words the test-mode check differently from the real run.
    await expect(h.run('file.managed', { name, contents: 'hello' }, true)).resolves.toEqual({
      name,
      result: true,
      comment: `The file ${name} is in the correct state`,
      changes: {},
    });
  });

  it('under test=True reports a new file and writes nothing', async () => {
    const name = path.join(t, 'motd');
    await expect(h.run('file.managed', { name, contents: 'hello' }, true)).resolves.toEqual({
      name,
      result: null,
      comment: `The file ${name} is set to be changed${TEST_NOTE}`,
      changes: { newfile: name },
    });
    expect(fs.existsSync(name)).toBe(false);
  });

  it('edits a file with a unified diff, and under test=True shows the diff without writing', async () => {
    const name = path.join(t, 'conf');
    fs.writeFileSync(name, 'a\nb\nc\n', { mode: 0o640 });
    fs.chmodSync(name, 0o640);
    const diff = '--- \n+++ \n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n';
    await expect(h.run('file.managed', { name, contents: 'a\nB\nc\n' }, true)).resolves.toEqual({
      name,
      result: null,
      comment: `The file ${name} is set to be changed${TEST_NOTE}`,
      changes: { diff },
    });
    expect(fs.readFileSync(name, 'utf8')).toBe('a\nb\nc\n');
    await expect(h.run('file.managed', { name, contents: 'a\nB\nc\n' })).resolves.toEqual({
      name,
      result: true,
      comment: `File ${name} updated`,
      changes: { diff },
    });
    expect(fs.readFileSync(name, 'utf8')).toBe('a\nB\nc\n');
    expect(modeOf(name)).toBe('0640'); // the old file's mode is kept
  });

  it('deploys a salt:// source as is', async () => {
    h.serve('web/index.html', '<h1>{{title}}</h1>\n');
    const name = path.join(t, 'index.html');
    const ret = await h.run('file.managed', { name, source: 'salt://web/index.html' });
    expect(ret.result).toBe(true);
    expect(fs.readFileSync(name, 'utf8')).toBe('<h1>{{title}}</h1>\n');
  });

  it('renders a handlebars template with grains, pillar, defaults and context (context wins)', async () => {
    h.serve('tpl.conf', 'id={{grains.id}} title={{pillar.site.title}} port={{port}} env={{env}} <&>\n');
    const name = path.join(t, 'app.conf');
    const args = { name, source: 'salt://tpl.conf', template: 'handlebars', defaults: { port: 80, env: 'dev' }, context: { env: 'prod' } };
    expect((await h.run('file.managed', args)).result).toBe(true);
    expect(fs.readFileSync(name, 'utf8')).toBe('id=minion1 title=From pillar port=80 env=prod <&>\n');
    expect((await h.run('file.managed', args)).changes).toEqual({});
  });

  it('renders a jinja template with salt, grains, pillar, defaults and context, and imports beside it', async () => {
    h.serve('site/macros.jinja', "{% macro kv(k, v) %}{{ k }} = {{ v }}{% endmacro %}");
    h.serve('site/app.conf.j2', [
      "{% from './macros.jinja' import kv -%}",
      "{{ kv('id', grains['id']) }}",
      "{{ kv('title', pillar.site.title | upper) }}",
      "{{ kv('port', port) }} env={{ env }} echo={{ salt['test.echo']('called') }}",
      "file={{ name }}",
      "",
    ].join('\n'));
    const name = path.join(t, 'jinja.conf');
    const args = { name, source: 'salt://site/app.conf.j2', template: 'jinja', defaults: { port: 80, env: 'dev' }, context: { env: 'prod' } };
    expect((await h.run('file.managed', args)).result).toBe(true);
    expect(fs.readFileSync(name, 'utf8')).toBe(`id = minion1\ntitle = FROM PILLAR\nport = 80 env=prod echo=called\nfile=${name}\n`);
  });

  it('reports a jinja error with the file, line and expression', async () => {
    h.serve('undef.j2', 'a\n{{ pillar.nosuch.key }}\n');
    const ret = await h.run('file.managed', { name: path.join(t, 'undef'), source: 'salt://undef.j2', template: 'jinja' });
    expect(ret.result).toBe(false);
    expect(ret.comment).toContain("Jinja variable 'dict object' has no attribute 'nosuch'; line 2, column 4 of salt://undef.j2: pillar.nosuch.key");
  });

  it('gives templates the SLS helpers', async () => {
    h.serve('helpers.tpl', '{{salt "test.echo" "called"}} {{json pillar.site}} {{grains_get "os"}}\n');
    const name = path.join(t, 'helpers');
    expect((await h.run('file.managed', { name, source: 'salt://helpers.tpl', template: 'handlebars' })).result).toBe(true);
    expect(fs.readFileSync(name, 'utf8')).toBe('called {"title":"From pillar"} Debian\n');
  });

  it('follows a symlink to the file it manages', async () => {
    const real = path.join(t, 'real.conf');
    const name = path.join(t, 'link.conf');
    fs.writeFileSync(real, 'old\n');
    fs.symlinkSync(real, name);
    expect((await h.run('file.managed', { name, contents: 'new' })).changes).toEqual({ diff: '--- \n+++ \n@@ -1 +1 @@\n-old\n+new\n' });
    expect(fs.lstatSync(name).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(real, 'utf8')).toBe('new\n');
  });

  it('fails with Salt\'s message for a missing source, in both modes', async () => {
    const name = path.join(t, 'missing.txt');
    for (const test of [false, true]) {
      await expect(h.run('file.managed', { name, source: 'salt://does/not/exist.txt' }, test)).resolves.toEqual({
        name,
        result: false,
        comment: "Source file salt://does/not/exist.txt not found in saltenv 'base'",
        changes: {},
      });
    }
  });

  it('reports a template error as a failure', async () => {
    h.serve('bad.tpl', 'x={{#if}}\n');
    const ret = await h.run('file.managed', { name: path.join(t, 'bad'), source: 'salt://bad.tpl', template: 'handlebars' });
    expect(ret.result).toBe(false);
    expect(ret.comment).toContain('salt://bad.tpl');
  });

  it.each([
    [{ name: 'relative/path', contents: 'x' }, 'Specified file relative/path is not an absolute path'],
    [{ contents: 'x', template: 'mako' }, 'Specified template format mako is not supported'],
    [{ contents: 'x', source: 'salt://a' }, "'source' cannot be used in combination with 'contents'"],
    [{ name: '/nonexistent-dir/brine/x', contents: 'x' }, 'Parent directory not present'],
  ])('refuses %j: %s', async (args, comment) => {
    const ret = await h.run('file.managed', { name: path.join(t, 'f'), ...args });
    expect(ret).toMatchObject({ result: false, comment, changes: {} });
  });

  it('creates parent directories with makedirs', async () => {
    const name = path.join(t, 'a/b/c.txt');
    expect((await h.run('file.managed', { name, contents: 'x', makedirs: true })).result).toBe(true);
    expect(fs.readFileSync(name, 'utf8')).toBe('x\n');
  });

  it('sets the mode, and under test=True only reports a mode change', async () => {
    const name = path.join(t, 'secret');
    await expect(h.run('file.managed', { name, contents: 's', mode: '600' })).resolves.toMatchObject({
      result: true,
      changes: { diff: 'New file', mode: '0600' },
    });
    expect(modeOf(name)).toBe('0600');
    await expect(h.run('file.managed', { name, contents: 's', mode: '0640' }, true)).resolves.toMatchObject({ result: null, changes: { mode: '0640' } });
    expect(modeOf(name)).toBe('0600');
    await expect(h.run('file.managed', { name, contents: 's', mode: '0640' })).resolves.toMatchObject({
      result: true,
      comment: `File ${name} updated`,
      changes: { mode: '0640' },
    });
  });

  (asRoot ? it : it.skip)('sets the owner and group (as root)', async () => {
    const name = path.join(t, 'owned');
    const ret = await h.run('file.managed', { name, contents: 'x', user: 'nobody', group: 'nogroup' });
    expect(ret.changes).toEqual({ diff: 'New file', mode: NEW_MODE, user: 'nobody', group: 'nogroup' });
    expect(fs.statSync(name)).toMatchObject({ uid: 65534, gid: 65534 });
    expect((await h.run('file.managed', { name, contents: 'x', user: 'nobody', group: 'nogroup' })).changes).toEqual({});
  });

  it('fails for an unknown user', async () => {
    const ret = await h.run('file.managed', { name: path.join(t, 'x'), contents: 'x', user: 'no-such-user-brine' });
    expect(ret).toMatchObject({ result: false, comment: 'User no-such-user-brine is not available' });
  });

  it('keeps the contents of an existing file with replace=False, managing only its mode', async () => {
    const name = path.join(t, 'keep');
    fs.writeFileSync(name, 'mine\n');
    fs.chmodSync(name, 0o644);
    const args = { name, contents: 'theirs', replace: false };
    await expect(h.run('file.managed', args)).resolves.toEqual({ name, result: true, comment: `File ${name} exists with proper permissions. No changes made.`, changes: {} });
    await expect(h.run('file.managed', args, true)).resolves.toEqual({ name, result: true, comment: `File ${name} not updated`, changes: {} });
    await expect(h.run('file.managed', { ...args, mode: '600' }, true)).resolves.toEqual({
      name,
      result: null,
      comment: `File ${name} will be updated with permissions 0600 from its current state of 0644`,
      changes: { mode: '0600' },
    });
    await expect(h.run('file.managed', { ...args, mode: '600' })).resolves.toEqual({ name, result: true, comment: '', changes: { mode: '0600' } });
    expect(fs.readFileSync(name, 'utf8')).toBe('mine\n');
    expect(modeOf(name)).toBe('0600');
  });

  it('without source or contents leaves an existing file\'s contents alone, as replace=False', async () => {
    const name = path.join(t, 'meta-only');
    fs.writeFileSync(name, 'mine\n');
    await expect(h.run('file.managed', { name })).resolves.toEqual({ name, result: true, comment: `File ${name} exists with proper permissions. No changes made.`, changes: {} });
    expect(fs.readFileSync(name, 'utf8')).toBe('mine\n');
  });

  it('reports a binary replacement without a diff', async () => {
    const name = path.join(t, 'blob');
    fs.writeFileSync(name, Buffer.from([0, 1, 2]));
    fs.writeFileSync(path.join(h.roots, 'blob'), Buffer.from([0, 1, 3]));
    await expect(h.run('file.managed', { name, source: 'salt://blob' })).resolves.toMatchObject({ result: true, changes: { diff: 'Replace binary file' } });
    expect([...fs.readFileSync(name)]).toEqual([0, 1, 3]);
  });

  it('refuses a directory as target', async () => {
    await expect(h.run('file.managed', { name: t, contents: 'x' })).resolves.toMatchObject({ result: false, comment: `Specified target ${t} is a directory` });
  });
});

describe('file.directory', () => {
  it('creates a directory (empty comment, as Salt 3006), then is in the correct state', async () => {
    const name = path.join(t, 'www');
    await expect(h.run('file.directory', { name, mode: '0750' })).resolves.toEqual({ name, result: true, comment: '', changes: { [name]: { directory: 'new' } } });
    expect(fs.statSync(name).isDirectory()).toBe(true);
    expect(modeOf(name)).toBe('0750');
    await expect(h.run('file.directory', { name, mode: '0750' })).resolves.toEqual({
      name,
      result: true,
      comment: `The directory ${name} is in the correct state`,
      changes: {},
    });
  });

  it('under test=True lists what would change and creates nothing', async () => {
    const name = path.join(t, 'www');
    await expect(h.run('file.directory', { name }, true)).resolves.toEqual({
      name,
      result: null,
      comment: `The following files will be changed:\n${name}: directory - new\n`,
      changes: { [name]: { directory: 'new' } },
    });
    expect(fs.existsSync(name)).toBe(false);
  });

  it('fixes the mode of an existing directory', async () => {
    const name = path.join(t, 'www');
    fs.mkdirSync(name, { mode: 0o755 });
    fs.chmodSync(name, 0o755);
    await expect(h.run('file.directory', { name, mode: '0700' }, true)).resolves.toMatchObject({
      result: null,
      comment: `The following files will be changed:\n${name}: mode - 0700\n`,
    });
    expect(modeOf(name)).toBe('0755');
    await expect(h.run('file.directory', { name, mode: '0700' })).resolves.toEqual({
      name,
      result: true,
      comment: `Directory ${name} updated`,
      changes: { [name]: { mode: '0700' }, mode: '0700' }, // Salt 3006 reports the check's finding and check_perms' change
    });
    expect(modeOf(name)).toBe('0700');
  });

  it('needs makedirs for missing parents', async () => {
    const name = path.join(t, 'a/b');
    await expect(h.run('file.directory', { name })).resolves.toMatchObject({ result: false, comment: `No directory to create ${name} in` });
    await expect(h.run('file.directory', { name, makedirs: true })).resolves.toMatchObject({ result: true });
    expect(fs.statSync(name).isDirectory()).toBe(true);
  });

  it('fails when a file is in the way', async () => {
    const name = path.join(t, 'f');
    fs.writeFileSync(name, '');
    await expect(h.run('file.directory', { name })).resolves.toMatchObject({ result: false, comment: `Specified location ${name} exists and is a file` });
  });
});

describe('file.absent', () => {
  it('removes a file and a directory tree, reporting each', async () => {
    const file = path.join(t, 'f');
    fs.writeFileSync(file, 'x');
    const dir = path.join(t, 'd');
    fs.mkdirSync(path.join(dir, 'sub'), { recursive: true });
    await expect(h.run('file.absent', { name: file }, true)).resolves.toEqual({
      name: file,
      result: null,
      comment: `File ${file} is set for removal`,
      changes: { removed: file },
    });
    expect(fs.existsSync(file)).toBe(true);
    await expect(h.run('file.absent', { name: file })).resolves.toEqual({ name: file, result: true, comment: `Removed file ${file}`, changes: { removed: file } });
    await expect(h.run('file.absent', { name: dir })).resolves.toEqual({ name: dir, result: true, comment: `Removed directory ${dir}`, changes: { removed: dir } });
    expect(fs.existsSync(file) || fs.existsSync(dir)).toBe(false);
    await expect(h.run('file.absent', { name: file })).resolves.toEqual({ name: file, result: true, comment: `File ${file} is not present`, changes: {} });
  });

  it('refuses "/"', async () => {
    await expect(h.run('file.absent', { name: '/' }, true)).resolves.toMatchObject({ result: false, comment: 'Refusing to make "/" absent' });
  });
});

describe('file.symlink', () => {
  it('creates a link, then finds it present', async () => {
    const name = path.join(t, 'link');
    await expect(h.run('file.symlink', { name, target: '/etc/hostname' }, true)).resolves.toEqual({
      name,
      result: null,
      comment: `Symlink ${name} to /etc/hostname is set for creation`,
      changes: { new: name },
    });
    await expect(h.run('file.symlink', { name, target: '/etc/hostname' })).resolves.toEqual({
      name,
      result: true,
      comment: `Created new symlink ${name} -> /etc/hostname`,
      changes: { new: name },
    });
    expect(fs.readlinkSync(name)).toBe('/etc/hostname');
    const owner = asRoot ? 'root:root' : expect.any(String);
    const ret = await h.run('file.symlink', { name, target: '/etc/hostname' });
    expect(ret).toMatchObject({ result: true, changes: {} });
    if (asRoot) expect(ret.comment).toBe(`Symlink ${name} is present and owned by ${owner}`);
    await expect(h.run('file.symlink', { name, target: '/etc/hostname' }, true)).resolves.toMatchObject({ result: true, comment: `The symlink ${name} is present` });
  });

  it('repoints a link to another target', async () => {
    const name = path.join(t, 'link');
    fs.symlinkSync('/old', name);
    await expect(h.run('file.symlink', { name, target: '/new' }, true)).resolves.toMatchObject({
      result: null,
      comment: `Link ${name} target is set to be changed to /new`,
      changes: { change: name },
    });
    expect(fs.readlinkSync(name)).toBe('/old');
    await expect(h.run('file.symlink', { name, target: '/new' })).resolves.toMatchObject({ result: true, changes: { new: name } });
    expect(fs.readlinkSync(name)).toBe('/new');
  });

  it('replaces a file in the way only with force', async () => {
    const name = path.join(t, 'link');
    fs.writeFileSync(name, 'x');
    await expect(h.run('file.symlink', { name, target: '/etc' })).resolves.toMatchObject({
      result: false,
      comment: `File exists where the symlink ${name} should be`,
    });
    await expect(h.run('file.symlink', { name, target: '/etc' }, true)).resolves.toMatchObject({ result: false });
    await expect(h.run('file.symlink', { name, target: '/etc', force: true })).resolves.toEqual({
      name,
      result: true,
      comment: `Created new symlink ${name} -> /etc`,
      changes: { forced: 'Symlink was forcibly replaced', new: name },
    });
    expect(fs.readlinkSync(name)).toBe('/etc');
  });
});

describe('file.touch', () => {
  it('creates a file, then updates its times', async () => {
    const name = path.join(t, 'stamp');
    await expect(h.run('file.touch', { name }, true)).resolves.toEqual({ name, result: null, comment: `File ${name} is set to be created`, changes: { new: name } });
    expect(fs.existsSync(name)).toBe(false);
    await expect(h.run('file.touch', { name })).resolves.toEqual({ name, result: true, comment: `Created empty file ${name}`, changes: { new: name } });
    await expect(h.run('file.touch', { name, mtime: 1000000000 })).resolves.toEqual({
      name,
      result: true,
      comment: `Updated times on file ${name}`,
      changes: { touched: name },
    });
    expect(Math.floor(fs.statSync(name).mtimeMs / 1000)).toBe(1000000000);
    // Salt 3006 leaves its initial {new: name} in the changes when the times match, so the
    // state system reports the True result with changes as None, as for any test-mode change.
    await expect(h.run('file.touch', { name, mtime: 1000000000 }, true)).resolves.toEqual({ name, result: null, comment: `File ${name} exists and has the correct times`, changes: { new: name } });
    await expect(h.run('file.touch', { name, mtime: 5 }, true)).resolves.toEqual({ name, result: null, comment: `Times set to be updated on file ${name}`, changes: { touched: name } });
  });
});

describe('file.append', () => {
  it('appends lines not already present, then is in correct state', async () => {
    const name = path.join(t, 'hosts');
    fs.writeFileSync(name, 'a\nb');
    const text = ['b', 'c', 'd  e'];
    const diff = '--- \n+++ \n@@ -1,2 +1,4 @@\n a\n-b\n\\ No newline at end of file\n+b\n+c\n+d  e\n';
    await expect(h.run('file.append', { name, text }, true)).resolves.toEqual({ name, result: null, comment: `File ${name} is set to be updated`, changes: { diff } });
    expect(fs.readFileSync(name, 'utf8')).toBe('a\nb');
    await expect(h.run('file.append', { name, text })).resolves.toEqual({ name, result: true, comment: 'Appended 2 lines', changes: { diff } });
    expect(fs.readFileSync(name, 'utf8')).toBe('a\nb\nc\nd  e\n');
    await expect(h.run('file.append', { name, text: ['c', 'd e'] })).resolves.toEqual({ name, result: true, comment: `File ${name} is in correct state`, changes: {} });
  });

  it('creates a missing file', async () => {
    const name = path.join(t, 'new');
    await expect(h.run('file.append', { name, text: 'x' }, true)).resolves.toMatchObject({ result: null, changes: { new: name } });
    await expect(h.run('file.append', { name, text: 'x' })).resolves.toMatchObject({ result: true, comment: 'Appended 1 lines' });
    expect(fs.readFileSync(name, 'utf8')).toBe('x\n');
  });
});

describe('file.recurse', () => {
  beforeEach(() => {
    h.serve('site/index.html', 'id={{grains.id}}\n');
    h.serve('site/css/main.css', 'body {}\n');
    h.serve('other.txt', 'not copied\n');
  });

  it('copies a tree, then finds it in the correct state', async () => {
    const name = path.join(t, 'www');
    const ret = await h.run('file.recurse', { name, source: 'salt://site', template: 'handlebars', file_mode: '0640' });
    expect(ret).toMatchObject({ result: true, comment: `Recursively updated ${name}` });
    expect(Object.keys(ret.changes).sort()).toEqual([name, `${name}/css`, `${name}/css/main.css`, `${name}/index.html`]);
    expect(ret.changes[`${name}/index.html`]).toEqual({ diff: 'New file', mode: '0640' });
    expect(fs.readFileSync(path.join(name, 'index.html'), 'utf8')).toBe('id=minion1\n');
    expect(fs.existsSync(path.join(name, 'other.txt'))).toBe(false);
    await expect(h.run('file.recurse', { name, source: 'salt://site/', template: 'handlebars', file_mode: '0640' })).resolves.toEqual({
      name,
      result: true,
      comment: `The directory ${name} is in the correct state`,
      changes: {},
    });
  });

  it('under test=True reports every path and writes nothing', async () => {
    const name = path.join(t, 'www');
    const ret = await h.run('file.recurse', { name, source: 'salt://site' }, true);
    expect(ret.result).toBeNull();
    expect(ret.changes[`${name}/css/main.css`]).toEqual({ newfile: `${name}/css/main.css` });
    expect(ret.comment).toContain(`#### ${name}/index.html ####`);
    expect(fs.existsSync(name)).toBe(false);
  });

  it('fails for the files that fail, and still manages the others', async () => {
    h.serve('broken/good.txt', 'ok\n');
    h.serve('broken/bad.txt', 'x={{#if}}\n');
    const name = path.join(t, 'broken');
    const ret = await h.run('file.recurse', { name, source: 'salt://broken', template: 'handlebars' });
    expect(ret.result).toBe(false);
    expect(ret.comment).toMatch(new RegExp(`^#### ${name}/bad.txt ####\nUnable to render template salt://broken/bad.txt`));
    expect(fs.readFileSync(path.join(name, 'good.txt'), 'utf8')).toBe('ok\n');
  });

  it('fails for a directory the file server does not have', async () => {
    await expect(h.run('file.recurse', { name: path.join(t, 'x'), source: 'salt://nope' })).resolves.toMatchObject({
      result: false,
      comment: "The directory 'salt://nope' does not exist on the salt fileserver in saltenv 'base'",
    });
  });
});
