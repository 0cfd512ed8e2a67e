/**
 * The audit log and its chain on real files: records, reopening, rotation,
 * torn lines, failed writes, and the check that finds an edited, a deleted
 * and an inserted line.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SaltClientError } from '@brine/core/errors';
import type { Logger } from '@brine/core/log';
import { REDACTED } from '@brine/core/redact';
import { GENESIS, lineHash } from '@brine/master/acl/audit-chain';
import { AuditLog, type AuditEntry } from '@brine/master/acl/audit-log';
import { verifyAuditLog } from '@brine/master/acl/audit-verify';

let dir: string;
let file: string;
let logged: string[];

/** A logger that keeps `level: message` lines. */
function recorder(): Logger {
  const at = (level: string) => (msg: string) => void logged.push(`${level}: ${msg}`);
  const log: Logger = { critical: at('critical'), error: at('error'), warning: at('warning'), info: at('info'), debug: at('debug'), trace: at('trace'), child: () => log };
  return log;
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-'));
  file = path.join(dir, 'audit.log');
  logged = [];
});
afterEach(() => {
  jest.restoreAllMocks();
  fs.rmSync(dir, { recursive: true, force: true });
});

const entry = (i: number, over: Partial<AuditEntry> = {}): AuditEntry => ({
  caller: { user: 'alice', groups: ['ops'], via: 'user' },
  command: 'publish',
  request: { kind: 'publish', fun: 'cmd.run', arg: [`echo ${i}`], kwarg: { password: 'hunter2' }, tgt: 'web*', tgt_type: 'glob', minions: ['web1', 'web2'] },
  decision: { allowed: true, rule: 'publisher_acl:alice', reason: 'publisher_acl allows alice cmd.run on web*' },
  jid: `2026010100000000000${i}`,
  ...over,
});

/** Open the log, record `n` entries, close it. */
function write(n: number, opts = {}): void {
  const audit = AuditLog.open(dir, recorder(), opts);
  for (let i = 1; i <= n; i++) audit.record(entry(i));
  audit.close();
}

const lines = (f = file) => fs.readFileSync(f, 'utf8').split('\n').slice(0, -1);
/** The lines of `f` parsed; a line that is not JSON (a torn one) as {raw}. */
const records = (f = file) =>
  lines(f).map((l) => {
    try {
      return JSON.parse(l) as Record<string, unknown>;
    } catch {
      return { raw: l };
    }
  });
const rewrite = (ls: string[], f = file) => fs.writeFileSync(f, ls.map((l) => l + '\n').join(''));

describe('records', () => {
  it('are JSON lines with the chain fields first, the command, redacted arguments, the decision and the jid', async () => {
    write(2);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const [first, second] = records();
    expect(Object.keys(first).slice(0, 3)).toEqual(['seq', 'prev', 'time']);
    expect(first).toEqual({
      seq: 1, prev: GENESIS, time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      user: 'alice', via: 'user', command: 'publish', fun: 'cmd.run', arg: ['echo 1'], kwarg: { password: REDACTED },
      tgt: 'web*', tgt_type: 'glob', minions: 2, allowed: true, rule: 'publisher_acl:alice',
      reason: 'publisher_acl allows alice cmd.run on web*', jid: '20260101000000000001',
    });
    expect(second).toMatchObject({ seq: 2, prev: lineHash(Buffer.from(lines()[0])) });
    await expect(verifyAuditLog(file)).resolves.toEqual({ result: true, lines: 2 });
  });

  it('of a refusal, a runner and a caller without a jid have nulls where nothing applies', () => {
    const audit = AuditLog.open(dir, recorder());
    audit.record(entry(1, {
      command: 'runner_new', jid: undefined,
      request: { kind: 'runner', fun: 'jobs.list_jobs', arg: [], kwarg: {} },
      decision: { allowed: false, rule: 'no-acl', reason: 'bob is not in publisher_acl' },
    }));
    audit.close();
    expect(records()[0]).toMatchObject({ command: 'runner_new', fun: 'jobs.list_jobs', tgt: null, tgt_type: null, minions: null, allowed: false, rule: 'no-acl', jid: null });
  });

  it('continue the chain when the log is opened again', async () => {
    write(3);
    write(2);
    expect(records().map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(records()[3].prev).toBe(lineHash(Buffer.from(lines()[2])));
    await expect(verifyAuditLog(file)).resolves.toEqual({ result: true, lines: 5 });
  });
});

describe('the check finds', () => {
  beforeEach(() => write(6));

  it('an edited line: the line after it no longer links to it', async () => {
    const ls = lines();
    ls[2] = ls[2].replace('"allowed":true', '"allowed":false');
    rewrite(ls);
    await expect(verifyAuditLog(file)).resolves.toEqual({
      result: false, lines: 4, file, first_bad_line: 3, problem: 'line 3 of audit.log was edited: the prev of line 4 of audit.log is not its hash',
    });
  });

  it('an edited first line, by its prev', async () => {
    const ls = lines();
    ls[0] = ls[0].replace(GENESIS, 'f'.repeat(64));
    rewrite(ls);
    await expect(verifyAuditLog(file)).resolves.toMatchObject({ result: false, first_bad_line: 1, problem: expect.stringContaining('line 1 of audit.log was edited') });
  });

  it('a deleted line: a gap in the sequence numbers, and a prev of no line kept', async () => {
    const ls = lines();
    ls.splice(2, 1);
    rewrite(ls);
    await expect(verifyAuditLog(file)).resolves.toEqual({
      result: false, lines: 3, file, first_bad_line: 3,
      problem: '1 line(s) deleted before line 3 of audit.log: sequence number 2 is followed by 4, and its prev is the hash of no line kept',
    });
  });

  it.each([
    ['with a forged link to the line before it', true],
    ['with a prev of no line', false],
  ])('an inserted line, %s', async (_how, forged) => {
    const ls = lines();
    const fake = { ...JSON.parse(ls[1]), fun: 'cmd.run', arg: ['rm -rf /'] } as Record<string, unknown>;
    fake.seq = 3;
    fake.prev = forged ? lineHash(Buffer.from(ls[1])) : 'a'.repeat(64);
    ls.splice(2, 0, JSON.stringify(fake));
    rewrite(ls);
    await expect(verifyAuditLog(file)).resolves.toMatchObject({
      result: false, file, first_bad_line: 3, problem: expect.stringMatching(/^line 3 of audit\.log was inserted/),
    });
  });

  it('a line that is not a record', async () => {
    const ls = lines();
    ls[4] = 'nothing to see';
    rewrite(ls);
    await expect(verifyAuditLog(file)).resolves.toMatchObject({ result: false, first_bad_line: 5, problem: 'line 5 of audit.log is not an audit record: edited or corrupted' });
  });

  it('no log at all', async () => {
    fs.rmSync(file);
    await expect(verifyAuditLog(file)).resolves.toMatchObject({ result: false, lines: 0, problem: expect.stringContaining('there is no audit log') });
  });
});

describe('a torn line', () => {
  it('left by a crash is reported until the master opens the log, which keeps it, ends it and notes it', async () => {
    write(3);
    const whole = entryLine(4);
    // Cut in the middle of a multi-byte character: the fragment is kept byte for byte.
    fs.appendFileSync(file, Buffer.concat([Buffer.from(whole.slice(0, 120)), Buffer.from('é').subarray(0, 1)]));
    await expect(verifyAuditLog(file)).resolves.toMatchObject({ result: false, lines: 4, first_bad_line: 4, problem: expect.stringContaining('line 4 of audit.log is torn') });
    write(1);
    expect(logged).toContain('warning: Audit log: the last line of ' + file + ' is torn (121 bytes); kept and noted');
    const ls = fs.readFileSync(file).toString('latin1').split('\n');
    expect(ls[3]).toBe(Buffer.concat([Buffer.from(whole.slice(0, 120)), Buffer.from([0xc3])]).toString('latin1'));
    expect(records()[4]).toMatchObject({ seq: 5, note: 'torn', bytes: 121 });
    expect(records()[5]).toMatchObject({ seq: 6, jid: '20260101000000000001' });
    await expect(verifyAuditLog(file)).resolves.toEqual({ result: true, lines: 6 });
  });

  it('cut before its chain fields is kept too; a whole last line without its newline is only ended', async () => {
    write(2);
    fs.appendFileSync(file, '{"se');
    write(1);
    await expect(verifyAuditLog(file)).resolves.toEqual({ result: true, lines: 5 });
    const ls = lines();
    fs.writeFileSync(file, ls.join('\n'));
    write(1);
    expect(records().filter((r) => r.note === 'torn')).toHaveLength(1);
    await expect(verifyAuditLog(file)).resolves.toEqual({ result: true, lines: 6 });
  });

  /** What line `seq` would be if written now (only its start matters: it is cut). */
  function entryLine(seq: number): string {
    return `{"seq":${seq},"prev":"${lineHash(Buffer.from(lines().at(-1) as string))}","time":"2026-01-01T00:00:00.000Z","user":"é"}`;
  }
});

describe('a failed write', () => {
  it('refuses the command (the log fails closed), logs it loudly, and the next line notes what was refused', async () => {
    const audit = AuditLog.open(dir, recorder());
    audit.record(entry(1));
    const enospc = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    const spy = jest.spyOn(fs, 'writeSync').mockImplementation(() => {
      throw enospc;
    });
    expect(() => audit.record(entry(2))).toThrow(SaltClientError);
    expect(() => audit.record(entry(3))).toThrow('The master cannot write its audit log, so the command was refused: ENOSPC: no space left on device, write');
    expect(logged.filter((l) => l.startsWith('critical:'))).toEqual([
      `critical: Audit log: cannot write ${file}: ENOSPC: no space left on device, write; commands are refused until it can be written`,
    ]);
    spy.mockRestore();
    audit.record(entry(4));
    audit.close();
    expect(records().map((r) => r.note ?? r.jid)).toEqual(['20260101000000000001', 'unwritten', '20260101000000000004']);
    expect(records()[1]).toMatchObject({ refused: 2, error: 'ENOSPC: no space left on device, write' });
    await expect(verifyAuditLog(file)).resolves.toEqual({ result: true, lines: 3 });
  });

  it('cut short leaves a torn line that the next record notes', async () => {
    const audit = AuditLog.open(dir, recorder());
    audit.record(entry(1));
    const real = fs.writeSync.bind(fs) as (fd: number, b: Buffer) => number;
    const spy = jest.spyOn(fs, 'writeSync').mockImplementation(((fd: number, b: Buffer) => real(fd, b.subarray(0, 50))) as typeof fs.writeSync);
    expect(() => audit.record(entry(2))).toThrow('short write (50 of');
    spy.mockRestore();
    audit.record(entry(3));
    audit.close();
    expect(lines()[1]).toHaveLength(50);
    expect(records().slice(2).map((r) => r.note ?? r.jid)).toEqual(['torn', 'unwritten', '20260101000000000003']);
    await expect(verifyAuditLog(file)).resolves.toEqual({ result: true, lines: 5 });
  });
});

describe('the file', () => {
  it('is never a symlink, a hard link or another user\'s: the log is not opened', () => {
    const target = path.join(dir, 'target');
    fs.writeFileSync(target, 'keep\n');
    fs.symlinkSync(target, file);
    expect(() => AuditLog.open(dir, recorder())).toThrow(`Cannot open the audit log ${file}: it is a symlink`);
    fs.rmSync(file);
    fs.linkSync(target, file);
    expect(() => AuditLog.open(dir, recorder())).toThrow(`Refusing the audit log ${file}: it has 2 hard links`);
    expect(fs.readFileSync(target, 'utf8')).toBe('keep\n');
  });

  it('gets mode 0600 back if it was widened', () => {
    write(1);
    fs.chmodSync(file, 0o644);
    write(1);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(logged).toContain(`warning: Audit log: ${file} had mode 644; set to 600`);
  });

  it('removed under the master is created again, with a note that the check reports', async () => {
    const audit = AuditLog.open(dir, recorder());
    audit.record(entry(1));
    audit.record(entry(2));
    fs.rmSync(file);
    audit.record(entry(3));
    audit.close();
    expect(logged).toContain(`critical: Audit log: ${file} was removed or replaced while the master had it open; reopened`);
    expect(records()[0]).toMatchObject({ seq: 1, prev: GENESIS, note: 'replaced', held_seq: 2 });
    await expect(verifyAuditLog(file)).resolves.toMatchObject({ result: false, first_bad_line: 1, problem: expect.stringContaining('removed or replaced') });
  });
});

describe('rotation', () => {
  it('keeps each file within its bound and the count of rotated files, and the chain runs across them', async () => {
    write(40, { maxBytes: 2000, backupCount: 2 });
    expect(fs.readdirSync(dir).sort()).toEqual(['audit.log', 'audit.log.1', 'audit.log.2']);
    for (const f of fs.readdirSync(dir)) expect(fs.statSync(path.join(dir, f)).size).toBeLessThanOrEqual(2000);
    const [older, newer] = [records(`${file}.1`), records()];
    expect(newer[0]).toMatchObject({ seq: (older.at(-1)?.seq as number) + 1, prev: lineHash(Buffer.from(lines(`${file}.1`).at(-1) as string)) });
    expect(newer.at(-1)?.seq).toBe(40);
    const kept = [`${file}.2`, `${file}.1`, file].reduce((n, f) => n + lines(f).length, 0);
    await expect(verifyAuditLog(file)).resolves.toEqual({ result: true, lines: kept });
  });

  it('an edit in a rotated file is found by the first line of the next', async () => {
    write(40, { maxBytes: 2000, backupCount: 2 });
    const ls = lines(`${file}.1`);
    ls[ls.length - 1] = ls[ls.length - 1].replace('alice', 'mallory');
    rewrite(ls, `${file}.1`);
    await expect(verifyAuditLog(file)).resolves.toMatchObject({
      result: false, file: `${file}.1`, first_bad_line: ls.length, problem: `line ${ls.length} of audit.log.1 was edited: the prev of line 1 of audit.log is not its hash`,
    });
  });

  it('cut short after audit.log was renamed continues from audit.log.1', async () => {
    write(3);
    fs.renameSync(file, `${file}.1`);
    write(1);
    expect(records()[0]).toMatchObject({ seq: 4 });
    await expect(verifyAuditLog(file)).resolves.toEqual({ result: true, lines: 4 });
  });
});

// alice's refused publishes are written too: with 16 MiB of arguments each, two dozen of them would rotate every
// earlier line (her own attempts included) out of the default 5 x 64 MiB of files.
describe('an oversized field', () => {
  it('is written as its size and SHA-256, so a few huge requests cannot rotate the earlier lines away', async () => {
    const big = 'x'.repeat(1024 * 1024);
    const audit = AuditLog.open(dir, recorder(), { maxBytes: 4 * 1024 * 1024, backupCount: 1 });
    audit.record(entry(1));
    for (let i = 2; i <= 9; i++) audit.record(entry(i, { request: { kind: 'publish', fun: 'test.ping', arg: [big], kwarg: {}, tgt: big, tgt_type: 'glob', minions: [] } }));
    audit.close();
    expect(fs.statSync(file).size).toBeLessThan(64 * 1024);
    const [first, second] = records();
    expect(first).toMatchObject({ seq: 1, arg: ['echo 1'] });
    expect(second.arg).toMatch(/^<1048\d{3} bytes of JSON, sha256 [0-9a-f]{64}: too large for the audit log>$/);
    expect(second.tgt).toMatch(/^<1048\d{3} bytes of JSON, sha256 [0-9a-f]{64}/);
    await expect(verifyAuditLog(file)).resolves.toEqual({ result: true, lines: 9 });
  });
});
