/** What salt-cp sends and where it lands on the minions (cp-sources.ts), as Salt's salt-cp decides it. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { destIsDir, MissingSource, NotAFile, remotePath, walkSources } from '@brine/cli/cp-sources';

let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'brine-cp-'));
  fs.mkdirSync(path.join(dir, 'site/css'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'site/empty'));
  fs.writeFileSync(path.join(dir, 'site/index.html'), 'x');
  fs.writeFileSync(path.join(dir, 'site/css/a.css'), 'x');
  fs.writeFileSync(path.join(dir, 'motd'), 'x');
  fs.chmodSync(path.join(dir, 'motd'), 0o640);
});

afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

test('walks directories for their files (with modes) and empty directories', () => {
  const tree = walkSources([path.join(dir, 'motd'), path.join(dir, 'site')]);
  expect([...tree.files.keys()]).toEqual(['motd', 'site/css/a.css', 'site/index.html'].map((p) => path.join(dir, p)));
  expect(tree.files.get(path.join(dir, 'motd'))).toBe(0o640);
  expect(tree.emptyDirs).toEqual([path.join(dir, 'site/empty')]);
});

test('a FIFO is refused (reading it would hang), and a symlink loop ends', () => {
  execFileSync('mkfifo', [path.join(dir, 'site/pipe')]);
  expect(() => walkSources([path.join(dir, 'site')])).toThrow(new NotAFile(path.join(dir, 'site/pipe')));
  fs.rmSync(path.join(dir, 'site/pipe'));
  fs.symlinkSync('..', path.join(dir, 'site/css/up'));
  const tree = walkSources([path.join(dir, 'site')]);
  expect([...tree.files.keys()]).toEqual(['site/css/a.css', 'site/index.html'].map((p) => path.join(dir, p)));
});

test('a missing source is named', () => {
  expect(() => walkSources([path.join(dir, 'nope')])).toThrow(new MissingSource(path.join(dir, 'nope')));
});

test('DEST is a directory with several files, an empty directory, or a trailing slash', () => {
  const one = walkSources([path.join(dir, 'motd')]);
  expect([destIsDir(one, '/etc/motd'), destIsDir(one, '/etc/')]).toEqual([false, true]);
  expect(destIsDir(walkSources([path.join(dir, 'site')]), '/srv')).toBe(true);
});

test('a named source lands at DEST or under it; a walked file under DEST/<its directory>', () => {
  const sources = [path.join(dir, 'motd'), path.join(dir, 'site')];
  expect(remotePath(path.join(dir, 'motd'), sources, '/etc/motd', false)).toBe('/etc/motd');
  expect(remotePath(path.join(dir, 'motd'), sources, '/etc', true)).toBe('/etc/motd');
  expect(remotePath(path.join(dir, 'site/css/a.css'), sources, '/srv/www/', true)).toBe('/srv/www/site/css/a.css');
  // A sibling whose name starts like a source is not under it.
  expect(() => remotePath(path.join(dir, 'site2/x'), sources, '/srv', true)).toThrow(/under none of the sources/);
});
