import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { makeHarness, type Harness } from '../helpers/exec-context';

let h: Harness;
let roots: string;
let out: string;
const sha = (data: string) => crypto.createHash('sha256').update(data).digest('hex');

beforeEach(() => {
  h = makeHarness();
  roots = path.join(h.dir, 'roots');
  out = path.join(h.dir, 'out');
  fs.mkdirSync(path.join(roots, 'files/conf.d/nested'), { recursive: true });
  fs.mkdirSync(out);
  fs.writeFileSync(path.join(roots, 'files/motd'), 'welcome\n');
  fs.writeFileSync(path.join(roots, 'files/conf.d/a.conf'), 'a=1\n');
  fs.writeFileSync(path.join(roots, 'files/conf.d/nested/b.conf'), 'b=2\n');
  fs.writeFileSync(path.join(roots, 'files/conf.dx'), 'not in the directory\n');
  fs.writeFileSync(path.join(h.dir, 'secret'), 'outside the roots\n');
});

afterEach(() => h.cleanup());

describe('cp.get_file', () => {
  it('copies to a file path and returns it', async () => {
    const dest = path.join(out, 'motd');
    expect(await h.call('cp.get_file', 'salt://files/motd', dest)).toBe(dest);
    expect(fs.readFileSync(dest, 'utf8')).toBe('welcome\n');
  });

  it('copies into a directory under the source name', async () => {
    expect(await h.call('cp.get_file', 'salt://files/motd', out)).toBe(path.join(out, 'motd'));
    expect(await h.call('cp.get_file', 'salt://files/motd', `${out}/new/`, 'makedirs=True')).toBe(path.join(out, 'new/motd'));
  });

  it("returns '' for a missing source and False for a missing directory without makedirs", async () => {
    expect(await h.call('cp.get_file', 'salt://files/nope', path.join(out, 'x'))).toBe('');
    expect(await h.call('cp.get_file', 'salt://files/motd', path.join(out, 'a/b/motd'))).toBe(false);
    expect(fs.existsSync(path.join(out, 'a'))).toBe(false);
    expect(await h.call('cp.get_file', 'salt://files/motd', path.join(out, 'a/b/motd'), 'makedirs=True')).toBe(path.join(out, 'a/b/motd'));
  });

  it.each([
    ['a traversal', 'salt://../secret', /escapes the file server roots/],
    ['an absolute salt URL', 'salt:///etc/passwd', /escapes the file server roots/],
    ['a plain path', '/etc/passwd', /Unsupported path: \/etc\/passwd/],
  ])('refuses %s and writes nothing', async (_what, source, message) => {
    await expect(h.call('cp.get_file', source, path.join(out, 'x'))).rejects.toThrow(message);
    expect(fs.readdirSync(out)).toEqual([]);
  });

  it('refuses an unknown saltenv', async () => {
    await expect(h.call('cp.get_file', 'salt://files/motd', out, 'saltenv=nope')).rejects.toThrow("Unknown saltenv 'nope'");
  });
});

describe('cp.get_dir', () => {
  it('copies a directory recursively under dest and lists what it wrote', async () => {
    expect(await h.call('cp.get_dir', 'salt://files/conf.d/', out)).toEqual([path.join(out, 'conf.d/a.conf'), path.join(out, 'conf.d/nested/b.conf')]);
    expect(fs.readFileSync(path.join(out, 'conf.d/nested/b.conf'), 'utf8')).toBe('b=2\n');
    expect(fs.existsSync(path.join(out, 'conf.dx'))).toBe(false);
  });

  it('copies a top-level directory and gives [] for a missing one', async () => {
    expect(await h.call('cp.get_dir', 'salt://files', out)).toHaveLength(4);
    expect(fs.existsSync(path.join(out, 'files/conf.d/a.conf'))).toBe(true);
    expect(await h.call('cp.get_dir', 'salt://nope', out)).toEqual([]);
  });
});

describe('cp.get_template', () => {
  it('renders with jinja (the default) and extra keyword variables, and writes dest', async () => {
    fs.writeFileSync(path.join(roots, 'files/motd.j2'), "{% from 'files/lib.jinja' import hi %}{{ hi(who) }} on {{ grains.get('os', 'an OS') }}\n");
    fs.writeFileSync(path.join(roots, 'files/lib.jinja'), '{% macro hi(w) %}hello {{ w | title }}{% endmacro %}');
    const dest = path.join(out, 'motd');
    expect(await h.call('cp.get_template', 'salt://files/motd.j2', dest, 'who=ops team')).toBe(dest);
    expect(fs.readFileSync(dest, 'utf8')).toBe('hello Ops Team on an OS\n');
  });

  it("returns '' for a missing source, an unknown engine or a missing directory without makedirs", async () => {
    expect(await h.call('cp.get_template', 'salt://files/nope', path.join(out, 'x'))).toBe('');
    expect(await h.call('cp.get_template', 'salt://files/motd', path.join(out, 'x'), 'template=mako')).toBe('');
    expect(await h.call('cp.get_template', 'salt://files/motd', path.join(out, 'a/b/x'))).toBe('');
    expect(await h.call('cp.get_template', 'salt://files/motd', path.join(out, 'a/b/x'), 'makedirs=True')).toBe(path.join(out, 'a/b/x'));
  });

  it('raises the render error', async () => {
    fs.writeFileSync(path.join(roots, 'files/bad.j2'), '{{ nosuch }}\n');
    await expect(h.call('cp.get_template', 'salt://files/bad.j2', path.join(out, 'x'))).rejects.toThrow("Jinja variable 'nosuch' is undefined; line 1, column 4 of salt://files/bad.j2: nosuch");
  });
});

describe('cp.list_master', () => {
  it('lists every file, or those under a prefix', async () => {
    expect(await h.call('cp.list_master')).toEqual(['files/conf.d/a.conf', 'files/conf.d/nested/b.conf', 'files/conf.dx', 'files/motd']);
    expect(await h.call('cp.list_master', 'prefix=files/conf.d/')).toEqual(['files/conf.d/a.conf', 'files/conf.d/nested/b.conf']);
  });
});

describe('cp.list_master_dirs and cp.list_states', () => {
  it('lists the directories holding files, and the SLS names, as Salt', async () => {
    expect(await h.call('cp.list_master_dirs')).toEqual(['files', 'files/conf.d', 'files/conf.d/nested']);
    expect(await h.call('cp.list_master_dirs', 'prefix=files/conf.d/')).toEqual(['files/conf.d/nested']);
    fs.mkdirSync(path.join(h.dir, 'roots/web'), { recursive: true });
    fs.writeFileSync(path.join(h.dir, 'roots/web/init.sls'), '{}\n');
    fs.writeFileSync(path.join(h.dir, 'roots/web/tls.sls'), '{}\n');
    fs.writeFileSync(path.join(h.dir, 'roots/top.sls'), '{}\n');
    expect(await h.call('cp.list_states')).toEqual(['top', 'web', 'web.tls']);
  });
});

describe('cp.hash_file', () => {
  it('hashes a salt:// file and a local file, and gives {} when missing', async () => {
    expect(await h.call('cp.hash_file', 'salt://files/motd')).toEqual({ hsum: sha('welcome\n'), hash_type: 'sha256' });
    expect(await h.call('cp.hash_file', path.join(h.dir, 'secret'))).toEqual({ hsum: sha('outside the roots\n'), hash_type: 'sha256' });
    expect(await h.call('cp.hash_file', 'salt://nope')).toEqual({});
    expect(await h.call('cp.hash_file', path.join(h.dir, 'nope'))).toEqual({});
    expect(await h.call('cp.hash_file', out)).toEqual({});
  });

  it('refuses a traversal', async () => {
    await expect(h.call('cp.hash_file', 'salt://../secret')).rejects.toThrow(/escapes the file server roots/);
  });
});

describe('cp.cache_file', () => {
  it('returns the local copy, or False when the file is missing', async () => {
    const local = (await h.call('cp.cache_file', 'salt://files/motd')) as string;
    expect(fs.readFileSync(local, 'utf8')).toBe('welcome\n');
    expect(await h.call('cp.cache_file', 'salt://files/nope')).toBe(false);
  });
});
