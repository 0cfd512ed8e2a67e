import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expandGlob, ReactorRenderer } from '@brine/master/reactor/render';

let dir: string;
let renderer: ReactorRenderer;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reactor-render-'));
  fs.mkdirSync(path.join(dir, 'roots/reactor'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'r'));
  fs.writeFileSync(path.join(dir, 'r/a.sls'), "ping_{{data.id}}:\n  local.test.ping:\n    - tgt: {{data.id}}\n    - arg: ['{{tag}}']\n");
  fs.writeFileSync(path.join(dir, 'r/b.sls'), "#!jinja|yaml\n{% if data['act'] == 'pend' %}\naccept:\n  wheel.key.accept:\n    - args:\n      - match: {{ data['id'] }}\n{% endif %}\n");
  fs.writeFileSync(path.join(dir, 'r/.hidden.sls'), 'x: y\n');
  fs.writeFileSync(path.join(dir, 'r/bad.sls'), 'ok:\n  local.test.ping:\n    - tgt: a\n  - broken\n');
  fs.writeFileSync(path.join(dir, 'roots/reactor/s.sls'), 'from_roots:\n  runner.manage.up: []\n');
  renderer = new ReactorRenderer({ file_roots: { base: [path.join(dir, 'roots')] }, renderer: 'handlebars|yaml', jinja_trim_blocks: false, jinja_lstrip_blocks: false });
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test("expandGlob is Python's glob: sorted matches, hidden files only for a dotted pattern, a plain path when it exists", () => {
  expect(expandGlob(path.join(dir, 'r/*.sls'))).toEqual(['a.sls', 'b.sls', 'bad.sls'].map((f) => path.join(dir, 'r', f)));
  expect(expandGlob(path.join(dir, '?/.h*'))).toEqual([path.join(dir, 'r/.hidden.sls')]);
  expect(expandGlob(path.join(dir, 'r/a.sls'))).toEqual([path.join(dir, 'r/a.sls')]);
  expect(expandGlob(path.join(dir, 'r/none.sls'))).toEqual([]);
});

test('the default pipe (Handlebars) and a Jinja shebang both see tag and data', async () => {
  const data = { id: 'web1', act: 'pend' };
  expect(await renderer.render(path.join(dir, 'r/a.sls'), 'salt/auth', data)).toEqual([
    { path: path.join(dir, 'r/a.sls'), data: { ping_web1: { 'local.test.ping': [{ tgt: 'web1' }, { arg: ['salt/auth'] }] } } },
  ]);
  expect(await renderer.render(path.join(dir, 'r/b.sls'), 'salt/auth', data)).toEqual([
    { path: path.join(dir, 'r/b.sls'), data: { accept: { 'wheel.key.accept': [{ args: [{ match: 'web1' }] }] } } },
  ]);
  expect(await renderer.render(path.join(dir, 'r/b.sls'), 'salt/auth', { id: 'web1', act: 'accept' })).toEqual([{ path: path.join(dir, 'r/b.sls'), data: {} }]);
});

test('salt:// paths come from file_roots base', async () => {
  expect(await renderer.render('salt://reactor/s.sls', 't', {})).toEqual([{ path: 'salt://reactor/s.sls', data: { from_roots: { 'runner.manage.up': [] } } }]);
});

test('errors name the file and line, and never throw', async () => {
  const [bad] = await renderer.render(path.join(dir, 'r/bad.sls'), 't', {});
  expect('error' in bad && bad.error).toMatch(new RegExp(`^Failed to render "${path.join(dir, 'r/bad.sls')}" at line 4: `));
  expect(await renderer.render(path.join(dir, 'r/none.sls'), 't', {})).toEqual([
    { path: path.join(dir, 'r/none.sls'), error: `Can not render SLS ${path.join(dir, 'r/none.sls')} for tag t. File missing or not found.` },
  ]);
  const [missing] = await renderer.render('salt://nope.sls', 't', {});
  expect('error' in missing && missing.error).toMatch(/^Can not render SLS salt:\/\/nope.sls for tag t: /);
});
