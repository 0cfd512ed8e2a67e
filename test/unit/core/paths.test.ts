import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { confine, isValidMinionId, writeFileAtomic } from '@brine/core/paths';

test.each([
  ['minion1', true], ['web-01.example.com', true], ['a_b', true],
  ['', false], ['.', false], ['..', false], ['a/b', false], ['a\\b', false], ['a..b', false], ['x\0y', false], ['x'.repeat(256), false],
  ['evil\nINFO forged', false], ['esc\x1b[31m', false], ['key.123.456.tmp', false],
])('isValidMinionId(%j) is %s', (id, ok) => {
  expect(isValidMinionId(id)).toBe(ok);
});

test('confine refuses paths that leave the root', () => {
  expect(confine('/srv/root', 'a/b')).toBe('/srv/root/a/b');
  expect(() => confine('/srv/root', '../etc/shadow')).toThrow('escapes');
  expect(() => confine('/srv/root', '/etc/shadow')).toThrow('escapes');
});

test('writeFileAtomic replaces the file whole, with the mode asked for', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'brine-atomic-'));
  const f = path.join(dir, 'key.pem');
  writeFileAtomic(f, 'one', 0o600);
  writeFileAtomic(f, 'two', 0o600);
  expect(fs.readFileSync(f, 'utf8')).toBe('two');
  expect(fs.statSync(f).mode & 0o777).toBe(0o600);
  expect(fs.readdirSync(dir)).toEqual(['key.pem']);
  fs.rmSync(dir, { recursive: true });
});
