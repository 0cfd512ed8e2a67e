import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DgramSocket } from 'node-unix-socket';
import { returnerContext, type JobReturn } from '@brine/core/returners/define';
import syslog, { syslogLine, syslogSettings } from '@brine/core/returners/syslog';
import { recordingLogger } from './log';

const RET: JobReturn = { jid: '20261204023347123456', id: 'web1', fun: 'test.ping', fun_args: [], return: true, retcode: 0, success: true };

let dir: string;
let server: DgramSocket;
let received: string[];
let sock: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'brine-syslog-'));
  sock = path.join(dir, 'log');
  received = [];
  server = new DgramSocket();
  server.on('data', (buf: Buffer) => received.push(buf.toString()));
  server.bind(sock);
});
afterEach(() => {
  server.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function datagram(): Promise<string> {
  for (let i = 0; i < 300 && received.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
  return received[0];
}

test("glibc's syslog line: <PRI>Mmm dd HH:MM:SS TAG[PID]: MESSAGE", () => {
  const s = { priority: 14, tag: 'salt-minion', pid: false, stderr: false, socket: '' };
  expect(syslogLine(s, 'hi', new Date(2026, 11, 4, 2, 3, 4))).toBe('<14>Dec  4 02:03:04 salt-minion: hi');
  expect(syslogLine({ ...s, pid: true }, 'hi', new Date(2026, 0, 14, 12, 0, 0))).toBe(`<14>Jan 14 12:00:00 salt-minion[${process.pid}]: hi`);
});

test('the return goes as one datagram, at LOG_USER|LOG_INFO under salt-minion by default, as JSON', async () => {
  const ctx = returnerContext({ 'syslog.socket': sock }, recordingLogger());
  await syslog.returner(RET, ctx);
  expect(await datagram()).toMatch(/^<14>\w{3} [ \d]\d \d\d:\d\d:\d\d salt-minion: \{"jid": "20261204023347123456", "id": "web1", "fun": "test.ping", "fun_args": \[\], "return": true, "retcode": 0, "success": true\}$/);
});

test('level, facility, tag and LOG_PID from the config, nested or flat', async () => {
  const ctx = returnerContext({ syslog: { level: 'LOG_ERR', facility: 'LOG_LOCAL3', options: ['LOG_PID'], socket: sock }, 'syslog.tag': 'mysalt' }, recordingLogger());
  await syslog.returner(RET, ctx);
  expect(await datagram()).toMatch(new RegExp(`^<${(16 + 3) * 8 + 3}>.* mysalt\\[${process.pid}\\]: \\{`));
});

test("invalid options are logged as Salt's and nothing is sent (not retried)", async () => {
  const log = recordingLogger();
  const ctx = returnerContext({ 'syslog.socket': sock, 'syslog.level': 'LOG_LOUD' }, log);
  await syslog.returner(RET, ctx);
  expect(log.lines).toEqual([['error', 'syslog has no attribute LOG_LOUD (not a valid syslog level)']]);
  expect(syslogSettings(RET, returnerContext({ 'syslog.tag': 'x'.repeat(33) }, log))).toBeUndefined();
  expect(log.lines[1]).toEqual(['error', 'tag size is limited to 32 characters']);
  await new Promise((r) => setTimeout(r, 50));
  expect(received).toEqual([]);
});

test('no syslog listening fails the returner (spooled and retried by the caller)', async () => {
  const ctx = returnerContext({ 'syslog.socket': path.join(dir, 'nobody') }, recordingLogger());
  await expect(syslog.returner(RET, ctx)).rejects.toThrow();
});

test('a return larger than the socket takes is logged and dropped, not failed: retried from the spool, it would hold back every later return', async () => {
  const log = recordingLogger();
  await syslog.returner({ ...RET, return: 'x'.repeat(1 << 20) }, returnerContext({ 'syslog.socket': sock }, log));
  expect(log.lines).toEqual([['error', expect.stringMatching(/^syslog returner: the return of web1 for job 20261204023347123456 \(\d+ bytes\) is larger than the syslog socket .* takes; not sent$/)]]);
  await syslog.returner(RET, returnerContext({ 'syslog.socket': sock }, log));
  expect(await datagram()).toMatch(/"fun": "test.ping"/);
});

const devLog = fs.existsSync('/dev/log') ? test : test.skip;
devLog('the real /dev/log takes a return', async () => {
  await syslog.returner({ ...RET, id: 'brine-test' }, returnerContext({}, recordingLogger()));
});
