import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { CommandExecutionError, SaltInvocationError } from '@brine/core/errors';
import { backupStamp, MAX_EDIT_BYTES } from '@brine/modules/file';
import { makeHarness, type Harness } from '../helpers/exec-context';

let h: Harness;
let t: string;
beforeEach(() => {
  h = makeHarness();
  t = fs.realpathSync(path.join(h.dir));
});
afterEach(() => h.cleanup());

const call = (fun: string, args: unknown[], kwargs: Record<string, unknown> = {}) => h.ctx.salt.call(fun, args, kwargs);
const write = (name: string, text: string): string => {
  const p = path.join(t, name);
  fs.writeFileSync(p, text);
  return p;
};
const read = (p: string): string => fs.readFileSync(p, 'utf8');

describe('file.stats and get_mode', () => {
  it("describes a file with Salt's keys and types", async () => {
    const p = write('f', 'hello\n');
    fs.chmodSync(p, 0o640);
    const st = fs.statSync(p);
    const ret = (await call('file.stats', [p], { hash_type: 'md5' })) as Record<string, unknown>;
    expect(Object.keys(ret)).toEqual(['inode', 'uid', 'gid', 'group', 'user', 'atime', 'mtime', 'ctime', 'size', 'mode', 'sum', 'type', 'target']);
    expect(ret).toMatchObject({ inode: st.ino, uid: st.uid, gid: st.gid, size: 6, mode: '0640', type: 'file', target: p, sum: 'b1946ac92492d2347c6235b4d2611184' });
    expect(Math.abs((ret.mtime as number) - st.mtimeMs / 1000)).toBeLessThan(0.001);
    expect(ret.user).toBe(process.getuid?.() === 0 ? 'root' : expect.anything());
    await expect(call('file.get_mode', [p])).resolves.toBe('0640');
  });

  it('types directories, links and broken links', async () => {
    fs.symlinkSync(path.join(t, 'nowhere'), path.join(t, 'broken'));
    fs.symlinkSync(t, path.join(t, 'dirlink'));
    await expect(call('file.stats', [t])).resolves.toMatchObject({ type: 'dir' });
    await expect(call('file.stats', [path.join(t, 'dirlink')])).resolves.toMatchObject({ type: 'dir', target: t });
    await expect(call('file.stats', [path.join(t, 'dirlink')], { follow_symlinks: false })).resolves.toMatchObject({ type: 'link', mode: '0777' });
    await expect(call('file.stats', [path.join(t, 'broken')])).resolves.toMatchObject({ type: 'link' });
    await expect(call('file.stats', ['/dev/null'])).resolves.toMatchObject({ type: 'char' });
    await expect(call('file.stats', [path.join(t, 'nosuch')])).rejects.toThrow(new CommandExecutionError(`Path not found: ${path.join(t, 'nosuch')}`));
  });
});

describe('file.contains, search, replace and line on what is not a small regular file', () => {
  // They read the whole file first: /dev/zero filled the minion's memory, a FIFO tied up a libuv thread until a writer came.
  const funs: [string, Record<string, unknown>][] = [
    ['file.contains', {}],
    ['file.search', {}],
    ['file.replace', { repl: 'y' }],
  ];

  it.each(funs)('%s refuses a character device without reading it', async (fun, kwargs) => {
    await expect(call(fun, ['/dev/zero', 'x'], kwargs)).rejects.toThrow(new CommandExecutionError(`${fun}: /dev/zero is a character device; only regular files are read`));
  });

  it.each(funs)('%s refuses a FIFO without waiting for a writer', async (fun, kwargs) => {
    const fifo = path.join(t, 'fifo');
    execFileSync('mkfifo', [fifo]);
    await expect(call(fun, [fifo, 'x'], kwargs)).rejects.toThrow(new CommandExecutionError(`${fun}: ${fifo} is a FIFO; only regular files are read`));
  });

  it.each([...funs, ['file.line', { content: 'x', mode: 'ensure', location: 'end' }] as [string, Record<string, unknown>]])(
    '%s refuses a file over 64 MiB and leaves it alone',
    async (fun, kwargs) => {
      const big = path.join(t, 'big');
      fs.writeFileSync(big, '');
      fs.truncateSync(big, MAX_EDIT_BYTES + 1); // sparse: no disk space used
      const args = fun === 'file.line' ? [big] : [big, 'x'];
      await expect(call(fun, args, kwargs)).rejects.toThrow(new CommandExecutionError(`${fun}: ${big} is larger than 64 MiB, the most brine reads into memory`));
      expect(fs.statSync(big).size).toBe(MAX_EDIT_BYTES + 1);
      expect(fs.readdirSync(t).filter((n) => n.startsWith('big'))).toEqual(['big']);
    },
  );

  it('still reads /proc files (which report size 0), and a directory contains nothing, as Salt', async () => {
    await expect(call('file.contains', ['/proc/self/status', 'VmRSS'])).resolves.toBe(true);
    await expect(call('file.search', ['/proc/self/status', '^Pid:\\s+\\d+$'])).resolves.toBe(true);
    await expect(call('file.contains', [t, 'x'])).resolves.toBe(false);
  });
});

describe('file.contains and search', () => {
  it('finds text and patterns', async () => {
    const p = write('crontab', '0 * * * * root /usr/bin/mymaintenance.sh\nPATH=/usr/bin\n');
    await expect(call('file.contains', [p, ' mymaintenance.sh '])).resolves.toBe(true);
    await expect(call('file.contains', [p, 'nope'])).resolves.toBe(false);
    await expect(call('file.contains', [path.join(t, 'nosuch'), 'x'])).resolves.toBe(false);
    await expect(call('file.search', [p, '^PATH=.*bin$'])).resolves.toBe(true);
    await expect(call('file.search', [p, '^path='], { flags: ['IGNORECASE', 'MULTILINE'] })).resolves.toBe(true);
    await expect(call('file.search', [p, '^PATH'], { flags: 0 })).resolves.toBe(false);
    await expect(call('file.search', [p, '^PATH'], { flags: 0, multiline: true })).resolves.toBe(true);
    await expect(call('file.search', [p, '(?P<min>\\d) \\*'])).resolves.toBe(true);
    await expect(call('file.search', [path.join(t, 'nosuch'), 'x'])).rejects.toThrow(SaltInvocationError);
    await expect(call('file.search', [path.join(t, 'nosuch'), 'x'], { ignore_if_missing: true })).resolves.toBe(false);
    await expect(call('file.search', [p, 'x'], { flags: ['NOPE'] })).rejects.toThrow('Invalid re flag given: NOPE');
  });

  it("file.contains_regex searches line by line, after stripping lchar, as Salt's", async () => {
    const p = write('sshd', 'Port 22\n\tPermitRootLogin no\n# comment\n');
    await expect(call('file.contains_regex', [p, '^PermitRootLogin'])).resolves.toBe(false);
    await expect(call('file.contains_regex', [p, '^PermitRootLogin'], { lchar: '\t ' })).resolves.toBe(true);
    await expect(call('file.contains_regex', [p, '\t'])).resolves.toBe(true);
    await expect(call('file.contains_regex', [p, 'Port 2{2}$'])).resolves.toBe(true);
    await expect(call('file.contains_regex', [path.join(t, 'nosuch'), 'x'])).resolves.toBe(false);
    await expect(call('file.contains_regex', [t, 'x'])).resolves.toBe(false);
  });
});

describe('file.replace', () => {
  it('replaces with Python groups, returns the diff and keeps a backup', async () => {
    const p = write('httpd.conf', 'ServerName a\nLogLevel warn\nListen 80\n');
    fs.chmodSync(p, 0o600);
    const ino = fs.statSync(p).ino;
    const diff = await call('file.replace', [p], { pattern: 'LogLevel (\\w+)', repl: 'LogLevel info # was \\1' });
    expect(diff).toBe('--- \n+++ \n@@ -1,3 +1,3 @@\n ServerName a\n-LogLevel warn\n+LogLevel info # was warn\n Listen 80\n');
    expect(read(p)).toBe('ServerName a\nLogLevel info # was warn\nListen 80\n');
    expect(read(`${p}.bak`)).toBe('ServerName a\nLogLevel warn\nListen 80\n');
    expect(fs.statSync(p)).toMatchObject({ ino, mode: fs.statSync(p).mode });
    expect(fs.statSync(p).mode & 0o777).toBe(0o600);
    // Nothing left to replace: an empty diff, or False without show_changes.
    await expect(call('file.replace', [p, 'LogLevel warn', 'x'])).resolves.toBe('');
    await expect(call('file.replace', [p, 'LogLevel warn', 'x'], { show_changes: false })).resolves.toBe(false);
  });

  it('honours count, named groups, dry_run and backup=False', async () => {
    const p = write('f', 'a=1\na=2\na=3\n');
    await expect(call('file.replace', [p, '^a=(?P<n>\\d)$', 'b=\\g<n>'], { count: 2, backup: false, show_changes: false })).resolves.toBe(true);
    expect(read(p)).toBe('b=1\nb=2\na=3\n');
    expect(fs.existsSync(`${p}.bak`)).toBe(false);
    await expect(call('file.replace', [p, 'a=3', 'c=3'], { dry_run: true })).resolves.toMatch(/^-a=3\n\+c=3\n$/m);
    expect(read(p)).toBe('b=1\nb=2\na=3\n');
  });

  it('appends or prepends the content when the pattern is missing, once', async () => {
    const p = write('f', 'one\ntwo');
    await call('file.replace', [p, '^three$', 'three'], { append_if_not_found: true, backup: false });
    expect(read(p)).toBe('one\ntwo\nthree\n');
    await expect(call('file.replace', [p, '^three$', 'three'], { append_if_not_found: true, show_changes: false })).resolves.toBe(false);
    await call('file.replace', [p, '^zero=.*$', 'zero=0'], { prepend_if_not_found: true, backup: false });
    expect(read(p)).toBe('zero=0\none\ntwo\nthree\n');
    await expect(call('file.replace', [p, 'x', 'y'], { append_if_not_found: true, prepend_if_not_found: true })).rejects.toThrow('Only one of append and prepend_if_not_found is permitted');
  });

  it('refuses missing and binary files', async () => {
    await expect(call('file.replace', [path.join(t, 'nosuch'), 'a', 'b'])).rejects.toThrow(`File not found: ${path.join(t, 'nosuch')}`);
    await expect(call('file.replace', [path.join(t, 'nosuch'), 'a', 'b'], { ignore_if_missing: true })).resolves.toBe(false);
    const bin = path.join(t, 'bin');
    fs.writeFileSync(bin, Buffer.from([0, 1, 2]));
    await expect(call('file.replace', [bin, 'a', 'b'])).rejects.toThrow(`Cannot perform string replacements on a binary file: ${bin}`);
  });

  it('follows a symlink and links the backup too', async () => {
    const p = write('target', 'x=1\n');
    fs.symlinkSync('target', path.join(t, 'link'));
    await call('file.replace', [path.join(t, 'link'), 'x=1', 'x=2']);
    expect(read(p)).toBe('x=2\n');
    expect(fs.readlinkSync(path.join(t, 'link.bak'))).toBe('target.bak');
    expect(fs.lstatSync(path.join(t, 'link')).isSymbolicLink()).toBe(true);
  });
});

describe('file.replace and file.line backups and a planted symlink', () => {
  // Backups were written with writeFile, which follows a symlink: anyone who could write next to the file planted
  // <file>.bak -> /etc/shadow and had root overwrite it with the file's content.
  const victim = (): string => write('victim', 'secret\n');

  it('file.replace replaces a symlink at <file>.bak instead of writing through it', async () => {
    const p = write('conf', 'a=1\n');
    const v = victim();
    fs.symlinkSync(v, `${p}.bak`);
    await call('file.replace', [p, 'a=1', 'a=2']);
    expect(read(v)).toBe('secret\n');
    expect(fs.lstatSync(`${p}.bak`).isFile()).toBe(true);
    expect(read(`${p}.bak`)).toBe('a=1\n');
    expect(read(p)).toBe('a=2\n');
  });

  it('file.line replaces symlinks at the timestamped backup names instead of writing through them', async () => {
    const p = write('conf', 'a=1\n');
    fs.chmodSync(p, 0o640);
    const v = victim();
    const now = Date.now();
    const names = [0, 1, 2, 3].map((s) => `${p}.${backupStamp(new Date(now + s * 1000))}`);
    for (const n of names) fs.symlinkSync(v, n);
    await call('file.line', [p], { content: 'b=2', mode: 'ensure', after: 'a=1', backup: true });
    expect(read(v)).toBe('secret\n');
    const backups = names.filter((n) => fs.lstatSync(n).isFile());
    expect(backups).toHaveLength(1);
    expect(read(backups[0])).toBe('a=1\n');
    expect(fs.statSync(backups[0]).mode & 0o777).toBe(0o640);
  });
});

describe('file.line', () => {
  const conf = 'hosts:    files dns\nnetworks: files\n  indented: yes\n';

  it.each([
    ['ensure after', { content: 'passwd: files', mode: 'ensure', after: 'hosts:' }, 'hosts:    files dns\npasswd: files\nnetworks: files\n  indented: yes\n'],
    ['ensure before', { content: 'passwd: files', mode: 'ensure', before: '^networks' }, 'hosts:    files dns\npasswd: files\nnetworks: files\n  indented: yes\n'],
    ['ensure between', { content: 'passwd: files', mode: 'ensure', after: 'hosts', before: 'networks' }, 'hosts:    files dns\npasswd: files\nnetworks: files\n  indented: yes\n'],
    ['replace', { content: 'networks: files dns', mode: 'replace', match: '^networks:' }, 'hosts:    files dns\nnetworks: files dns\n  indented: yes\n'],
    ['replace keeps the indentation', { content: 'indented: no', mode: 'replace', match: 'indented' }, 'hosts:    files dns\nnetworks: files\n  indented: no\n'],
    ['delete', { mode: 'delete', match: 'networks' }, 'hosts:    files dns\n  indented: yes\n'],
    ['insert at start', { content: '# managed', mode: 'insert', location: 'start' }, '# managed\nhosts:    files dns\nnetworks: files\n  indented: yes\n'],
    // Salt's quirk, kept: at the end of a file ending in a newline, an empty line, then the content without one.
    ['insert at end', { content: 'last: x', mode: 'insert', location: 'end' }, 'hosts:    files dns\nnetworks: files\n  indented: yes\n\nlast: x'],
    ['insert after, indented', { content: 'more: 1', mode: 'insert', after: 'indented' }, 'hosts:    files dns\nnetworks: files\n  indented: yes\n  more: 1\n'],
    ['insert before', { content: 'first: 1', mode: 'insert', before: 'hosts' }, 'first: 1\nhosts:    files dns\nnetworks: files\n  indented: yes\n'],
  ])('%s', async (_name, kwargs, expected) => {
    const p = write('nsswitch.conf', conf);
    const ret = await call('file.line', [p], kwargs);
    expect(read(p)).toBe(expected);
    expect(ret).toMatch(/^--- \n\+\+\+ \n@@ /);
    // Applying it again changes nothing, except insert, which Salt repeats when the line is indented or at a location.
    if (kwargs.mode !== 'insert') await expect(call('file.line', [p], { ...kwargs, show_changes: false })).resolves.toBe(false);
  });

  it('keeps a timestamped backup, honours test=True and reports errors as Salt', async () => {
    const p = write('f', conf);
    await expect(call('file.line', [p], { content: 'x', mode: 'ensure', after: 'hosts', backup: true, show_changes: false })).resolves.toBe(true);
    expect(fs.readdirSync(t).filter((f) => /^f\.\d{4}-\d\d-\d\d-\d\d-\d\d-\d\d$/.test(f))).toHaveLength(1);
    await expect(call('file.line', [p], { content: 'x' })).rejects.toThrow('Mode was not defined. How to process the file?');
    await expect(call('file.line', [p], { content: 'x', mode: 'nope' })).rejects.toThrow('Unknown mode: "nope"');
    await expect(call('file.line', [p], { mode: 'ensure' })).rejects.toThrow('Content can only be empty if mode is "delete"');
    await expect(call('file.line', [p], { content: 'y', mode: 'insert', after: 'files' })).rejects.toThrow('Found more than expected occurrences in "after" expression');
    await expect(call('file.line', [p], { content: 'y', mode: 'insert' })).rejects.toThrow('On insert either "location" or "before/after" conditions are required.');
    await expect(call('file.line', [path.join(t, 'nosuch')], { content: 'y', mode: 'ensure' })).rejects.toThrow(`File "${path.join(t, 'nosuch')}" does not exists or is not a file.`);
    await expect(call('file.line', [path.join(t, 'nosuch')], { content: 'y', mode: 'ensure', quiet: true })).resolves.toBe(false);
  });
});

describe('path helpers, readdir and rename', () => {
  it.each([
    ['file.dirname', ['/etc/salt/minion'], '/etc/salt'],
    ['file.dirname', ['/etc/'], '/etc'],
    ['file.dirname', ['/etc'], '/'],
    ['file.dirname', ['minion'], ''],
    ['file.basename', ['/etc/salt/minion'], 'minion'],
    ['file.basename', ['/etc/'], ''],
    ['file.join', ['/var', 'myapp', 'config.yaml'], '/var/myapp/config.yaml'],
    ['file.join', ['/var/', '/etc', 'x'], '/etc/x'],
    ['file.join', ['a', ''], 'a/'],
  ])('%s %j is %j as Python gives', async (fun, args, expected) => {
    await expect(call(fun, args)).resolves.toBe(expected);
  });

  it('readdir lists . and .. first', async () => {
    write('a', '');
    const entries = (await call('file.readdir', [t])) as string[];
    expect(entries.slice(0, 2)).toEqual(['.', '..']);
    expect(entries).toContain('a');
    await expect(call('file.readdir', ['relative'])).rejects.toThrow('Dir path must be absolute.');
    await expect(call('file.readdir', [path.join(t, 'a')])).rejects.toThrow('A valid directory was not specified.');
  });

  it('rename moves a file', async () => {
    const p = write('old', 'x');
    await expect(call('file.rename', [p, path.join(t, 'new')])).resolves.toBe(true);
    expect(read(path.join(t, 'new'))).toBe('x');
    await expect(call('file.rename', [p, path.join(t, 'new2')])).rejects.toThrow(`Could not rename '${p}' to '${path.join(t, 'new2')}'`);
  });
});
