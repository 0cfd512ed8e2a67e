import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AuthorizationError } from '@brine/core/errors';
import { LocalFileClient } from '@brine/core/fileclient/local';
import { Roots, saltPath } from '@brine/core/fileserver/roots';

let tmp: string;
let rootA: string;
let rootB: string;
let roots: Roots;

beforeEach(() => {
  tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'brine-roots-')));
  rootA = path.join(tmp, 'a');
  rootB = path.join(tmp, 'b');
  fs.mkdirSync(path.join(rootA, 'sub/deep'), { recursive: true });
  fs.mkdirSync(rootB, { recursive: true });
  fs.writeFileSync(path.join(rootA, 'top.sls'), 'from a');
  fs.writeFileSync(path.join(rootA, 'sub/deep/file.txt'), 'deep');
  fs.writeFileSync(path.join(rootB, 'top.sls'), 'from b');
  fs.writeFileSync(path.join(rootB, 'only-b.txt'), 'b');
  fs.writeFileSync(path.join(tmp, 'secret'), 'outside');
  fs.symlinkSync(path.join(tmp, 'secret'), path.join(rootA, 'out-link'));
  fs.symlinkSync(tmp, path.join(rootA, 'out-dir'));
  fs.symlinkSync('sub/deep/file.txt', path.join(rootA, 'in-link'));
  roots = new Roots({ base: [rootA, rootB], dev: [rootB], missing: [path.join(tmp, 'nope')] });
});

afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('saltPath', () => {
  it.each([
    ['salt://a/b.txt', 'a/b.txt'],
    ['a/b.txt', 'a/b.txt'],
    ['salt://a/./b.txt', 'a/b.txt'],
    ['salt://a/../b.txt', 'b.txt'],
  ])('%s -> %s', (url, rel) => expect(saltPath(url)).toBe(rel));

  it.each([
    ['parent traversal', 'salt://../../etc/shadow'],
    ['bare parent traversal', '../../etc/shadow'],
    ['traversal after a folder', 'salt://a/../../etc/shadow'],
    ['parent itself', 'salt://..'],
    ['absolute path', '/etc/shadow'],
    ['absolute salt URL', 'salt:///etc/shadow'],
    ['NUL byte', 'salt://a\0b'],
    ['empty path', 'salt://'],
  ])('refuses %s', (_what, url) => {
    expect(() => saltPath(url)).toThrow(AuthorizationError);
    expect(() => saltPath(url)).toThrow(/escapes the file server roots; refused/);
  });
});

describe('Roots.find', () => {
  it('resolves in the first root that has the file', () => {
    expect(roots.find('salt://top.sls', 'base')).toBe(path.join(rootA, 'top.sls'));
    expect(roots.find('salt://only-b.txt', 'base')).toBe(path.join(rootB, 'only-b.txt'));
    expect(roots.find('salt://top.sls', 'dev')).toBe(path.join(rootB, 'top.sls'));
  });

  it('follows a symlink that stays inside the root', () => {
    expect(roots.find('salt://in-link', 'base')).toBe(path.join(rootA, 'sub/deep/file.txt'));
  });

  it.each([
    ['a symlink to a file outside the root', 'salt://out-link'],
    ['a path through a symlinked directory outside the root', 'salt://out-dir/secret'],
  ])('refuses %s', (_what, url) => {
    expect(() => roots.find(url, 'base')).toThrow(/resolves outside the file server roots; refused/);
  });

  it.each(['salt://../secret', '/etc/passwd', 'salt://a\0'])('refuses %j before touching the disk', (url) => {
    expect(() => roots.find(url, 'base')).toThrow(/escapes the file server roots/);
  });

  it('returns undefined for a missing file, a directory, or a root that does not exist', () => {
    expect(roots.find('salt://nope.txt', 'base')).toBeUndefined();
    expect(roots.find('salt://sub', 'base')).toBeUndefined();
    expect(roots.find('salt://top.sls', 'missing')).toBeUndefined();
  });

  it.each(['nope', '__proto__', 'constructor'])('refuses the unknown saltenv %s', (env) => {
    expect(() => roots.find('salt://top.sls', env)).toThrow(`Unknown saltenv '${env}'`);
  });
});

describe('Roots.list', () => {
  it('lists regular files of every root once, sorted, without symlinks that leave the root', () => {
    expect(roots.list('base')).toEqual(['in-link', 'only-b.txt', 'sub/deep/file.txt', 'top.sls']);
    expect(roots.list('dev')).toEqual(['only-b.txt', 'top.sls']);
    expect(roots.list('missing')).toEqual([]);
  });

  it('refuses an unknown saltenv', () => {
    expect(() => roots.list('nope')).toThrow("Unknown saltenv 'nope'");
  });

  it('skips directory links that loop back to an ancestor, and still lists a directory reached by two names', () => {
    // `loop -> .` made the walk recurse on the master until the path grew too long.
    fs.symlinkSync('.', path.join(rootA, 'loop'));
    fs.symlinkSync('../..', path.join(rootA, 'sub/deep/up'));
    fs.symlinkSync('sub/deep', path.join(rootA, 'alias'));
    expect(roots.list('base')).toEqual(['alias/file.txt', 'in-link', 'only-b.txt', 'sub/deep/file.txt', 'top.sls']);
    expect(roots.dirs('base')).toEqual(['alias', 'sub', 'sub/deep']);
  });
});

describe('LocalFileClient.hashFile', () => {
  it('hashes with sha256, and gives undefined for a missing file', async () => {
    const hsum = crypto.createHash('sha256').update('from a').digest('hex');
    const files = new LocalFileClient({ base: [rootA, rootB] });
    expect(await files.hashFile('salt://top.sls', 'base')).toEqual({ hsum, hash_type: 'sha256' });
    expect(await files.hashFile('salt://nope', 'base')).toBeUndefined();
  });
});
