import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ReturnLoad } from '@brine/core/protocol/v1/loads';
import { ReturnerDispatch } from '@brine/minion/returner-dispatch';
import { minionConfig } from '../helpers/exec-context';
import { until } from '../helpers/until';
import { recordingLogger } from '../returners/log';

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'brine-dispatch-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const RET: ReturnLoad = { jid: '20261204023347123456', id: 'minion1', fun: 'test.ping', fun_args: [], return: true, retcode: 0, success: true, started: 1, finished: 2 };
const lines = (file: string) => fs.readFileSync(file, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));

test("a job without ret sends nothing; with ret, Salt's return dict (no brine timings) goes to each returner named", async () => {
  const out = path.join(dir, 'out.jsonl');
  const raw = path.join(dir, 'raw.jsonl');
  const d = new ReturnerDispatch(minionConfig(dir, { 'local_file.path': out, 'rawfile_json.filename': raw } as never), recordingLogger());
  await d.dispatch({}, RET);
  expect(fs.existsSync(out)).toBe(false);
  await d.dispatch({ ret: 'local_file,rawfile_json', ret_kwargs: { x: 1 } }, RET);
  const expected = { jid: RET.jid, id: 'minion1', fun: 'test.ping', fun_args: [], return: true, retcode: 0, success: true, ret_kwargs: { x: 1 } };
  expect(lines(out)).toEqual([expected]);
  expect(lines(raw)).toEqual([expected]);
  d.close();
});

test("an unknown returner is logged with Salt's words; the others still get the return", async () => {
  const out = path.join(dir, 'out.jsonl');
  const log = recordingLogger();
  const d = new ReturnerDispatch(minionConfig(dir, { 'local_file.path': out } as never), log);
  await d.dispatch({ ret: 'mysql,local_file' }, RET);
  expect(log.lines).toContainEqual(['error', "Returner mysql.returner could not be loaded: 'mysql.returner' is not available."]);
  expect(lines(out)).toHaveLength(1);
  d.close();
});

test('returns spooled by an earlier run are sent when the minion starts again', async () => {
  const out = path.join(dir, 'blocked', 'out.jsonl');
  fs.writeFileSync(path.join(dir, 'blocked'), '');
  const config = minionConfig(dir, { 'local_file.path': out } as never);
  const first = new ReturnerDispatch(config, recordingLogger());
  await first.dispatch({ ret: 'local_file' }, RET);
  first.close();
  expect(fs.readdirSync(path.join(dir, 'spool', 'returners', 'local_file'))).toHaveLength(1);
  fs.rmSync(path.join(dir, 'blocked'));
  const second = new ReturnerDispatch(config, recordingLogger());
  await until(() => fs.existsSync(out), 'the spooled return sent at start');
  expect(lines(out)).toEqual([expect.objectContaining({ jid: RET.jid })]);
  second.close();
});
