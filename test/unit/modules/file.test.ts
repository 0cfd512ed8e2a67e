import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { CommandExecutionError, SaltInvocationError } from '@brine/core/errors';
import { normalizeMode } from '@brine/modules/file';
import { makeHarness, type Harness } from '../helpers/exec-context';

let h: Harness;
let t: string;
beforeEach(() => {
  h = makeHarness();
  t = path.join(h.dir, 'files');
  fs.mkdirSync(t);
});
afterEach(() => h.cleanup());

const modeOf = (p: string): string => (fs.statSync(p).mode & 0o7777).toString(8).padStart(4, '0');
const asRoot = process.getuid?.() === 0;

describe('normalizeMode', () => {
  it.each([
    ['644', '0644'],
    [644, '0644'],
    ['0644', '0644'],
    ['00644', '0644'],
    ["'0755'", '0755'],
    ['0o600', '0600'],
    ['4755', '4755'],
    [null, undefined],
    ['', undefined],
  ])('%j -> %j', (mode, expected) => {
    expect(normalizeMode(mode)).toBe(expected);
  });

  it.each(['rw-r--r--', '0999', '12345'])('refuses %j', (mode) => {
    expect(() => normalizeMode(mode)).toThrow(SaltInvocationError);
  });
});

describe('file module', () => {
  it('tests for files, directories and links', async () => {
    const file = path.join(t, 'f');
    fs.writeFileSync(file, 'x');
    fs.symlinkSync(file, path.join(t, 'l'));
    await expect(h.call('file.file_exists', file)).resolves.toBe(true);
    await expect(h.call('file.file_exists', t)).resolves.toBe(false);
    await expect(h.call('file.directory_exists', t)).resolves.toBe(true);
    await expect(h.call('file.is_link', path.join(t, 'l'))).resolves.toBe(true);
    await expect(h.call('file.is_link', file)).resolves.toBe(false);
    await expect(h.call('file.readlink', path.join(t, 'l'))).resolves.toBe(file);
    await expect(h.call('file.readlink', file)).rejects.toThrow(SaltInvocationError);
  });

  it('refuses relative paths', async () => {
    await expect(h.call('file.file_exists', 'etc/passwd')).rejects.toThrow('File path must be absolute: etc/passwd');
  });

  it('writes, appends, reads and hashes', async () => {
    const file = path.join(t, 'motd');
    await expect(h.call('file.write', file, 'one', 'two')).resolves.toBe(`Wrote 2 lines to "${file}"`);
    await expect(h.call('file.read', file)).resolves.toBe('one\ntwo\n');
    fs.writeFileSync(file, 'no newline');
    await expect(h.call('file.append', file, 'three')).resolves.toBe(`Wrote 1 lines to "${file}"`);
    await expect(h.call('file.read', file)).resolves.toBe('no newline\nthree\n');
    await expect(h.call('file.get_hash', file)).resolves.toBe(crypto.createHash('sha256').update('no newline\nthree\n').digest('hex'));
    await expect(h.call('file.get_hash', file, 'form=md5')).resolves.toBe(crypto.createHash('md5').update('no newline\nthree\n').digest('hex'));
    await expect(h.call('file.get_hash', file, 'form=crc')).rejects.toThrow(SaltInvocationError);
    await expect(h.call('file.read', path.join(t, 'missing'))).rejects.toThrow(CommandExecutionError);
  });

  it('set_contents writes exact bytes atomically and keeps the mode of an existing file', async () => {
    const file = path.join(t, 'conf');
    await expect(h.call('file.set_contents', file, 'contents=a')).resolves.toBe(true);
    expect(fs.readFileSync(file, 'utf8')).toBe('a');
    fs.chmodSync(file, 0o600);
    await h.call('file.set_contents', file, 'contents=b');
    expect(fs.readFileSync(file, 'utf8')).toBe('b');
    expect(modeOf(file)).toBe('0600');
    expect(fs.readdirSync(t)).toEqual(['conf']);
    await expect(h.call('file.set_contents', path.join(t, 'no/dir/x'), 'contents=a')).rejects.toThrow(CommandExecutionError);
  });

  it('copies a file', async () => {
    const src = path.join(t, 'src');
    fs.writeFileSync(src, Buffer.from([0, 255, 1]));
    await expect(h.call('file.copy', src, path.join(t, 'dst'))).resolves.toBe(true);
    expect([...fs.readFileSync(path.join(t, 'dst'))]).toEqual([0, 255, 1]);
  });

  it('makes directories with parents, and sets and reads modes', async () => {
    const dir = path.join(t, 'a/b');
    await expect(h.call('file.mkdir', dir, 'mode=0700')).resolves.toBe(true);
    await expect(h.call('file.get_mode', dir)).resolves.toBe('0700');
    await expect(h.call('file.set_mode', dir, '755')).resolves.toBe('0755');
    expect(modeOf(dir)).toBe('0755');
    await expect(h.call('file.get_mode', path.join(t, 'nope'))).rejects.toThrow(`Path not found: ${path.join(t, 'nope')}`);
  });

  it('check_perms reports under test=True and applies otherwise', async () => {
    const file = path.join(t, 'p');
    fs.writeFileSync(file, '');
    fs.chmodSync(file, 0o644);
    await expect(h.call('file.check_perms', file, 'mode=0600', 'test=True')).resolves.toEqual({ mode: '0600' });
    expect(modeOf(file)).toBe('0644');
    await expect(h.call('file.check_perms', file, 'mode=0600')).resolves.toEqual({ mode: '0600' });
    expect(modeOf(file)).toBe('0600');
    await expect(h.call('file.check_perms', file, 'mode=0600')).resolves.toEqual({});
    await expect(h.call('file.check_perms', file, 'user=no-such-user-brine')).rejects.toThrow('User no-such-user-brine is not available');
  });

  (asRoot ? it : it.skip)('changes and reports owners (as root)', async () => {
    const file = path.join(t, 'owned');
    fs.writeFileSync(file, '');
    await expect(h.call('file.chown', file, 'nobody', 'nogroup')).resolves.toBe(true);
    await expect(h.call('file.get_uid', file)).resolves.toBe(65534);
    await expect(h.call('file.get_user', file)).resolves.toBe('nobody');
    await expect(h.call('file.get_group', file)).resolves.toBe('nogroup');
    await expect(h.call('file.user_to_uid', 'root')).resolves.toBe(0);
    await expect(h.call('file.group_to_gid', 'no-such-group-brine')).resolves.toBe('');
  });

  it('makes symlinks, replacing only with force', async () => {
    const link = path.join(t, 'link');
    await expect(h.call('file.symlink', '/etc/hostname', link)).resolves.toBe(true);
    await expect(h.call('file.symlink', '/etc/hostname', link)).resolves.toBe(true);
    await expect(h.call('file.symlink', '/etc/hosts', link)).rejects.toThrow(CommandExecutionError);
    await expect(h.call('file.symlink', '/etc/hosts', link, 'force=True')).resolves.toBe(true);
    expect(fs.readlinkSync(link)).toBe('/etc/hosts');
    await expect(h.call('file.symlink', '/etc', t, 'force=True')).rejects.toThrow(`Existing path ${t} is in the way of the symlink`);
  });

  it('touches and removes', async () => {
    const file = path.join(t, 'stamp');
    await expect(h.call('file.touch', file, 'mtime=1000')).resolves.toBe(true);
    expect(Math.floor(fs.statSync(file).mtimeMs / 1000)).toBe(1000);
    await expect(h.call('file.touch', t)).resolves.toBe(true);
    await expect(h.call('file.remove', file)).resolves.toBe(true);
    await expect(h.call('file.remove', file)).resolves.toBe(false);
    fs.mkdirSync(path.join(t, 'tree/sub'), { recursive: true });
    await expect(h.call('file.remove', path.join(t, 'tree'))).resolves.toBe(true);
    expect(fs.existsSync(path.join(t, 'tree'))).toBe(false);
  });
});
