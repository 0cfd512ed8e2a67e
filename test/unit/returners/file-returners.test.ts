import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { returnerContext, type JobReturn } from '@brine/core/returners/define';
import localFile from '@brine/core/returners/local_file';
import rawfileJson from '@brine/core/returners/rawfile_json';
import { recordingLogger } from './log';

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'brine-fileret-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const RET: JobReturn = { jid: '20261204023347123456', id: 'web1', fun: 'test.arg', fun_args: ['a', { b: 1 }], return: { args: ['a'], kwargs: { b: 1 } }, retcode: 0, success: true };

test("local_file appends one line per return, Python's json.dumps of Salt's return dict, 0600", async () => {
  const file = path.join(dir, 'sub', 'returns.jsonl');
  const ctx = returnerContext({ log_file: path.join(dir, 'log', 'minion'), 'local_file.path': file }, recordingLogger());
  await localFile.returner(RET, ctx);
  await localFile.returner({ ...RET, id: 'web2', return: 'é' }, ctx);
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  expect(lines).toHaveLength(3);
  expect(lines[0]).toBe('{"jid": "20261204023347123456", "id": "web1", "fun": "test.arg", "fun_args": ["a", {"b": 1}], "return": {"args": ["a"], "kwargs": {"b": 1}}, "retcode": 0, "success": true}');
  expect(JSON.parse(lines[1])).toMatchObject({ id: 'web2', return: 'é' });
  expect(lines[1]).toContain('"\\u00e9"');
  expect(fs.statSync(file).mode & 0o777).toBe(0o600);
});

test("local_file's default is the log folder of the daemon; --return_kwargs path wins", async () => {
  const ctx = returnerContext({ log_file: path.join(dir, 'log', 'minion') }, recordingLogger());
  await localFile.returner(RET, ctx);
  expect(fs.readFileSync(path.join(dir, 'log', 'returns'), 'utf8')).toContain('"id": "web1"');
  const other = path.join(dir, 'other');
  await localFile.returner({ ...RET, ret_kwargs: { path: other } }, ctx);
  expect(JSON.parse(fs.readFileSync(other, 'utf8'))).toMatchObject({ id: 'web1', ret_kwargs: { path: other } });
});

test('rawfile_json writes returns and events, one JSON line each, to rawfile_json.filename (default <log dir>/events)', async () => {
  const ctx = returnerContext({ log_file: path.join(dir, 'master') }, recordingLogger());
  await rawfileJson.eventReturn!([{ tag: 'salt/job/1/new', data: { jid: '1', _stamp: 'x' } }, { tag: 'salt/auth', data: { id: 'm' } }], ctx);
  await rawfileJson.returner(RET, ctx);
  const lines = fs.readFileSync(path.join(dir, 'events'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
  expect(lines).toEqual([{ tag: 'salt/job/1/new', data: { jid: '1', _stamp: 'x' } }, { tag: 'salt/auth', data: { id: 'm' } }, RET]);
  const named = returnerContext({ 'rawfile_json.filename': path.join(dir, 'named') }, recordingLogger());
  await rawfileJson.returner(RET, named);
  expect(fs.existsSync(path.join(dir, 'named'))).toBe(true);
  const kw = path.join(dir, 'kw');
  await rawfileJson.returner({ ...RET, ret_kwargs: { filename: kw } }, named);
  expect(JSON.parse(fs.readFileSync(kw, 'utf8'))).toMatchObject({ jid: RET.jid });
});

test('a file that cannot be written fails the returner (the caller spools and retries)', async () => {
  fs.writeFileSync(path.join(dir, 'file'), '');
  const ctx = returnerContext({ 'local_file.path': path.join(dir, 'file', 'below') }, recordingLogger());
  await expect(localFile.returner(RET, ctx)).rejects.toThrow(/ENOTDIR|EEXIST/);
});
