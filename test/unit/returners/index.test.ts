import fs from 'node:fs';
import path from 'node:path';
import { RETURNERS, getReturner, isReturnerOption, returnerNames } from '@brine/core/returners/index';

const dir = path.join(__dirname, '../../../packages/core/src/returners');
/** The returner files: every .ts file of the folder but the registry and its helpers. */
const HELPERS = new Set(['index.ts', 'define.ts', 'spool.ts', 'append-lines.ts']);
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.ts') && !HELPERS.has(f)).map((f) => f.slice(0, -3)).sort();

test('the registry lists every returner file, once, in name order', () => {
  expect(RETURNERS.map((r) => r.name)).toEqual(files);
});

test.each(RETURNERS.map((r) => [r.name, r] as const))('returner %s is named after its file, documented, with an example', (name, r) => {
  expect(getReturner(name)).toBe(r);
  expect(typeof r.returner).toBe('function');
  expect(r.doc.length).toBeGreaterThan(80);
  expect(r.doc).toContain(`--return ${name}`);
  expect(r.doc).toMatch(new RegExp(`\\b${name}\\.\\w+`)); // names its option keys
});

test('an unknown returner is absent', () => {
  expect(getReturner('mysql')).toBeUndefined();
});

test("config keys kept as returner options: NAME, NAME.attr, PROFILE.NAME and PROFILE.NAME.attr", () => {
  for (const k of ['syslog', 'syslog.level', 'alternative.syslog', 'alternative.syslog.level', 'local_file.path', 'rawfile_json.filename']) expect(isReturnerOption(k)).toBe(true);
  for (const k of ['id', 'mysql.host', 'syslogx.level', 'level']) expect(isReturnerOption(k)).toBe(false);
});

test("a job's ret names returners as Salt's: comma-separated (or a list), each once", () => {
  expect(returnerNames('local_file,syslog, local_file')).toEqual(['local_file', 'syslog']);
  expect(returnerNames(['rawfile_json'])).toEqual(['rawfile_json']);
  expect(returnerNames('')).toEqual([]);
  expect(returnerNames(undefined)).toEqual([]);
});
