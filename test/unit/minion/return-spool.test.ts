import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from '@brine/core/log';
import type { ReturnLoad } from '@brine/core/protocol/v1/loads';
import { ReturnSpool } from '@brine/minion/return-spool';

/** A logger that keeps its error lines. */
function recorder(): Logger & { errors: string[] } {
  const errors: string[] = [];
  const noop = () => undefined;
  const log = { errors, critical: noop, error: (m: string) => void errors.push(m), warning: noop, info: noop, debug: noop, trace: noop, child: () => log };
  return log;
}

const ret = (jid: string): ReturnLoad => ({ jid, id: 'web1', fun: 'test.ping', fun_args: [], return: true, retcode: 0, success: true, started: 1, finished: 2 });

let dir: string;
beforeEach(() => (dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'spool-')), 'spool', 'returns')));
afterEach(() => fs.rmSync(path.dirname(path.dirname(dir)), { recursive: true, force: true }));

test('kept returns come back oldest first until dropped, from a private directory', () => {
  const spool = new ReturnSpool(dir, 10, recorder());
  expect([...spool.pending()]).toEqual([]);
  expect(spool.keep(ret('20261203090000000002'))).toBe(true);
  expect(spool.keep(ret('20261203090000000001'))).toBe(true);
  expect((fs.statSync(dir).mode & 0o777).toString(8)).toBe('700');
  // Another spool on the same directory (the minion restarted) reads them back.
  const again = new ReturnSpool(dir, 10, recorder());
  expect([...again.pending()].map((r) => r.jid)).toEqual(['20261203090000000001', '20261203090000000002']);
  expect([...again.pending()][0]).toEqual(ret('20261203090000000001'));
  again.drop('20261203090000000001');
  again.drop('20261203090000000009');
  expect([...again.pending()].map((r) => r.jid)).toEqual(['20261203090000000002']);
});

test('a full spool drops the new return with an error naming it; rewriting a kept one still works', () => {
  const log = recorder();
  const spool = new ReturnSpool(dir, 2, log);
  expect(spool.keep(ret('1'))).toBe(true);
  expect(spool.keep(ret('2'))).toBe(true);
  expect(spool.keep(ret('2'))).toBe(true);
  expect(spool.keep(ret('3'))).toBe(false);
  expect(log.errors).toEqual(['Return of job 3 dropped: the return spool is full (return_spool_max: 2)']);
  expect([...spool.pending()].map((r) => r.jid)).toEqual(['1', '2']);
});

test('a jid that cannot name a file is refused, and an unreadable file is reported and removed', () => {
  const log = recorder();
  const spool = new ReturnSpool(dir, 10, log);
  expect(spool.keep(ret('../../etc/passwd'))).toBe(false);
  expect(fs.existsSync(dir)).toBe(false);
  spool.keep(ret('5'));
  fs.writeFileSync(path.join(dir, '6.ret'), 'not msgpack at all \xc1');
  fs.writeFileSync(path.join(dir, '7.ret'), fs.readFileSync(path.join(dir, '5.ret')));
  expect([...spool.pending()].map((r) => r.jid)).toEqual(['5']);
  expect(fs.readdirSync(dir)).toEqual(['5.ret']);
  expect(log.errors).toHaveLength(3);
  expect(log.errors[0]).toBe('Return of job "../../etc/passwd" dropped: its jid cannot name a spool file');
});

test('a flush that stops at the first return reads no other file', () => {
  const log = recorder();
  const spool = new ReturnSpool(dir, 10, log);
  spool.keep(ret('1'));
  spool.keep(ret('2'));
  fs.writeFileSync(path.join(dir, '2.ret'), 'unreadable');
  const first = spool.pending().next();
  expect(first.value).toEqual(ret('1'));
  // The unreadable second file was not touched: it is still there and nothing was logged.
  expect(log.errors).toEqual([]);
  expect(fs.readdirSync(dir).sort()).toEqual(['1.ret', '2.ret']);
});
