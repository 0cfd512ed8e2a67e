/**
 * The master's audit log (brine's; Salt has none): every command received on
 * the local channel, run or refused, appended to `cachedir/audit.log` as one
 * JSON line in a hash chain (the format: audit-chain.ts; the check:
 * audit-verify.ts, `salt-run audit.verify`).
 *
 * - The file is the master's own: opened with O_NOFOLLOW (a symlink under its
 *   name is refused, never written through), O_APPEND, created 0600; it must
 *   be a regular file with one link, owned by the master's user, or the log
 *   is not opened (and the master does not start: it would run unaudited).
 * - A record is one synchronous write, before the command's reply: a command
 *   that was answered is on disk (in the page cache: a crash of the master
 *   loses nothing written, a power loss what the kernel had not written
 *   back; there is no fsync per command).
 * - The log fails closed: when a line cannot be written (a full disk, an I/O
 *   error, a short write), {@link AuditLog.record} throws SaltClientError and
 *   the command must be refused, as Salt admins expect of an audit trail
 *   (nothing runs unrecorded). The first failure is logged as critical, the
 *   next ones as errors, at most one line per 10 s. Once a line can be
 *   written again, a note says how many commands were refused and why.
 * - At open, and after a failed write, the log's last line is read to
 *   continue the chain (its hash and sequence number; an empty audit.log
 *   continues from the last line of audit.log.1). A torn last line (a crash
 *   or a failed write in mid-line) is kept as written: it is ended with "\n"
 *   and a `torn` note follows it, so an auditor sees that a line was cut and
 *   where, and the chain runs through it.
 * - Before each write the master checks that audit.log is still the file it
 *   holds: one removed or replaced under it is logged as critical, reopened
 *   (or created), and a `replaced` note records where the master's chain had
 *   reached; `salt-run audit.verify` reports that note.
 * - Rotation (`audit_log_max_bytes`, `audit_log_backup_count`, as Python's
 *   RotatingFileHandler that Salt's log_rotate_* keys drive): a line that would
 *   take audit.log past the bound first renames it to audit.log.1 (.1 to .2,
 *   ..., the oldest beyond the count removed) and starts a new audit.log whose
 *   first line links to the last of the old one. Either setting 0: no
 *   rotation, the log grows.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { errorMessage, SaltClientError } from '@brine/core/errors';
import type { Logger } from '@brine/core/log';
import { WarningLimiter } from '@brine/core/warning-limiter';
import type { AclRequest, Caller, Decision } from './decision';
import { redactArgs } from './redact';
import {
  AUDIT_LOG_NAME,
  GENESIS,
  lineHash,
  parseLink,
  rotatedNumbers,
  rotatedPath,
  serializeLine,
  type CommandLine,
  type NoteLine,
} from './audit-chain';

/** The default bound of audit.log, in bytes (the `audit_log_max_bytes` default): 64 MiB. */
export const AUDIT_LOG_MAX_BYTES = 64 * 1024 * 1024;
/** The default number of rotated files kept (the `audit_log_backup_count` default). */
export const AUDIT_LOG_BACKUP_COUNT = 5;
/** How many bytes are read at a time when looking for the last lines. */
const CHUNK = 64 * 1024;

/**
 * The most bytes of JSON one field of a record keeps of what the caller sent (the function, arguments, target) and
 * of the reason: a field past it is written as its size and hash. Without a bound, a few refused publishes of
 * 16 MiB each would rotate every earlier line (the caller's own attempts included) out of the kept files.
 */
export const AUDIT_FIELD_MAX_BYTES = 16 * 1024;

/**
 * `value`, or when its JSON is longer than {@link AUDIT_FIELD_MAX_BYTES}, a sentence standing for it: its size and
 * SHA-256 (a job's copy in the job cache can be checked against it).
 */
function bounded<T>(value: T): T | string {
  const json = Buffer.from(JSON.stringify(value) ?? 'null');
  if (json.length <= AUDIT_FIELD_MAX_BYTES) return value;
  return `<${json.length} bytes of JSON, sha256 ${crypto.createHash('sha256').update(json).digest('hex')}: too large for the audit log>`;
}

/** What one command's record is made of. */
export interface AuditEntry {
  /** Who asked, as the master authenticated them. */
  caller: Caller;
  /** The local channel command (`publish`, `runner_new`, ...). */
  command: string;
  /** What was asked; `minions` is the resolved target (a publish). */
  request: AclRequest;
  decision: Decision;
  /** The job's jid, when one was taken. */
  jid?: string | null;
}

/** The options of an audit log. */
export interface AuditLogOptions {
  /** Rotate past this many bytes (0: never). Default {@link AUDIT_LOG_MAX_BYTES}. */
  maxBytes?: number;
  /** Rotated files kept (0: never rotate). Default {@link AUDIT_LOG_BACKUP_COUNT}. */
  backupCount?: number;
}

/** The end of the chain: the last line's sequence number and hash. */
interface Tip {
  seq: number;
  hash: string;
}

/** The last line of an open log file, read at open or after a failed write. */
interface LastLine {
  bytes: Buffer;
  /** Its sequence number: its own, or counted from the last line before it that has one. */
  seq: number;
  /** False when the file does not end with "\n". */
  terminated: boolean;
}

/** Makes a line from its sequence number, the previous line's hash and the time. */
type LineMaker = (seq: number, prev: string, time: string) => CommandLine | NoteLine;

/** Read `buf.length` bytes of `fd` at `position`. */
function readAt(fd: number, buf: Buffer, position: number): void {
  for (let done = 0; done < buf.length;) {
    const n = fs.readSync(fd, buf, done, buf.length - done, position + done);
    if (n === 0) throw new Error('the file shrank while it was read');
    done += n;
  }
}

/** The lines of the open file `fd` of `size` (> 0) bytes, the last first, read backwards (the last may lack its "\n"). */
function* linesBackwards(fd: number, size: number): Generator<Buffer> {
  let rest = Buffer.alloc(0);
  for (let pos = size; pos > 0;) {
    const n = Math.min(CHUNK, pos);
    pos -= n;
    const chunk = Buffer.alloc(n);
    readAt(fd, chunk, pos);
    let buf = Buffer.concat([chunk, rest]);
    if (pos + n === size && buf.at(-1) === 0x0a) buf = buf.subarray(0, -1);
    for (let nl = buf.lastIndexOf(0x0a); nl >= 0; nl = buf.lastIndexOf(0x0a)) {
      yield buf.subarray(nl + 1);
      buf = buf.subarray(0, nl);
    }
    rest = buf;
  }
  yield rest;
}

/**
 * The last line of the open file `fd`, undefined when the file is empty. Its sequence number is its own when it
 * has one; else that of the nearest line before it that has one, plus the lines between (one number per line);
 * else its line number.
 */
function lastLine(fd: number): LastLine | undefined {
  const size = fs.fstatSync(fd).size;
  if (size === 0) return undefined;
  const end = Buffer.alloc(1);
  readAt(fd, end, size - 1);
  let last: Buffer | undefined;
  let after = 0;
  for (const line of linesBackwards(fd, size)) {
    last ??= Buffer.from(line);
    const link = parseLink(line);
    if (link) return { bytes: last, seq: link.seq + after, terminated: end[0] === 0x0a };
    after++;
  }
  return { bytes: last as Buffer, seq: after, terminated: end[0] === 0x0a };
}

/**
 * Open the log file for appending: never through a symlink, created 0600.
 * @throws Error when it is not a regular file with one link owned by the master's user (it is not written)
 */
function openLogFile(file: string, log: Logger): number {
  const { O_RDWR, O_APPEND, O_CREAT, O_NOFOLLOW } = fs.constants;
  let fd: number;
  try {
    fd = fs.openSync(file, O_RDWR | O_APPEND | O_CREAT | O_NOFOLLOW, 0o600);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new Error(`Cannot open the audit log ${file}: ${code === 'ELOOP' ? 'it is a symlink' : errorMessage(err)}`);
  }
  const st = fs.fstatSync(fd);
  const problem = !st.isFile()
    ? 'it is not a regular file'
    : st.nlink !== 1
      ? `it has ${st.nlink} hard links`
      : process.geteuid && st.uid !== process.geteuid()
        ? `it is owned by uid ${st.uid}, not the master's user`
        : undefined;
  if (problem) {
    fs.closeSync(fd);
    throw new Error(`Refusing the audit log ${file}: ${problem}`);
  }
  if ((st.mode & 0o777) !== 0o600) {
    log.warning(`Audit log: ${file} had mode ${(st.mode & 0o777).toString(8)}; set to 600`);
    fs.fchmodSync(fd, 0o600);
  }
  return fd;
}

/** The master's audit log (see the module note). */
export class AuditLog {
  /** The open audit.log (-1 when it is not open: closed, or a reopen failed). */
  private fd = -1;
  private closed = false;
  /** The inode of the file `fd` holds, to see it replaced under the master. */
  private ino = 0;
  private size = 0;
  private tip: Tip = { seq: 0, hash: GENESIS };
  /** A write or a rotation failed: the file must be opened and its end read again before the next line. */
  private unsure = false;
  /** The commands refused since the log could not be written, for the note that follows. */
  private unwritten: { refused: number; since: string; error: string } | undefined;
  private readonly limiter = new WarningLimiter();
  private readonly maxBytes: number;
  private readonly backupCount: number;

  private constructor(readonly file: string, private readonly log: Logger, opts: AuditLogOptions) {
    this.maxBytes = opts.maxBytes ?? AUDIT_LOG_MAX_BYTES;
    this.backupCount = opts.backupCount ?? AUDIT_LOG_BACKUP_COUNT;
    this.attach();
  }

  /**
   * Open `cachedir/audit.log` and continue its chain (see the module note).
   * @throws Error when the file cannot be opened or read, is a symlink, not a regular file, has other links, or
   *   belongs to another user: the master must not run without its audit log
   */
  static open(cachedir: string, log: Logger, opts: AuditLogOptions = {}): AuditLog {
    return new AuditLog(path.join(cachedir, AUDIT_LOG_NAME), log, opts);
  }

  /**
   * Append the record of one command, before its reply: time, caller, command, function, arguments with secrets
   * redacted (acl/redact.ts), target, how many minions it resolved to, the decision and its rule, and the jid.
   * @throws SaltClientError when the line cannot be written: the command must be refused (the log fails closed)
   */
  record(entry: AuditEntry): void {
    const { caller, request: r, decision } = entry;
    const { arg, kwarg } = redactArgs(r.arg, r.kwarg);
    this.append((seq, prev, time) => ({
      seq, prev, time,
      user: caller.user,
      via: caller.via,
      command: entry.command,
      fun: bounded(r.fun),
      arg: bounded(arg),
      kwarg: bounded(kwarg),
      tgt: bounded(r.tgt ?? null),
      tgt_type: r.tgt_type ?? null,
      minions: r.minions ? r.minions.length : null,
      allowed: decision.allowed,
      rule: decision.rule,
      reason: bounded(decision.reason),
      jid: entry.jid ?? null,
    }));
  }

  /** Close the file; later records throw. */
  close(): void {
    this.closed = true;
    this.detach();
  }

  /**
   * Write one line made by `make` from the next sequence number, the tip's hash and the time, with what must come
   * before it: audit.log reopened after a failure or when it was replaced, the note of the commands refused meanwhile.
   * @throws SaltClientError when it cannot be written
   */
  private append(make: LineMaker): void {
    try {
      this.ensureAttached();
      if (this.unwritten) {
        const { refused, since, error } = this.unwritten;
        this.write((seq, prev, time) => ({ seq, prev, time, note: 'unwritten', refused, since, error }));
        this.log.warning(`Audit log: written again, after ${refused} command(s) refused since ${since}`);
        this.unwritten = undefined;
      }
      this.write(make);
    } catch (err) {
      const error = errorMessage(err);
      if (!this.unwritten) {
        this.unwritten = { refused: 0, since: new Date().toISOString(), error };
        this.log.critical(`Audit log: cannot write ${this.file}: ${error}; commands are refused until it can be written`);
      } else {
        this.limiter.log(this.log, 'error', 'audit-write', `Audit log: cannot write ${this.file}: ${error}; command refused`);
      }
      this.unwritten.refused++;
      throw new SaltClientError(`The master cannot write its audit log, so the command was refused: ${error}`);
    }
  }

  /**
   * Open audit.log again after a failed write or rotation (reading its end), or when it was removed or replaced
   * since the master opened it (then noted).
   */
  private ensureAttached(): void {
    if (this.closed) throw new Error('the audit log is closed');
    if (this.unsure || this.fd < 0) {
      this.detach();
      this.attach();
      return;
    }
    let ino: number | undefined;
    try {
      ino = fs.lstatSync(this.file).ino;
    } catch {
      ino = undefined;
    }
    if (ino === this.ino) return;
    const held = this.tip;
    this.log.critical(`Audit log: ${this.file} was removed or replaced while the master had it open; reopened`);
    this.detach();
    this.attach();
    this.write((seq, prev, time) => ({ seq, prev, time, note: 'replaced', held_seq: held.seq, held_prev: held.hash }));
  }

  /**
   * Open audit.log and set the tip from its last line (else audit.log.1's, else the genesis); a torn last line is
   * ended and noted, a last line that only lacks its "\n" is ended.
   * @throws Error as {@link AuditLog.open}
   */
  private attach(): void {
    this.fd = openLogFile(this.file, this.log);
    try {
      const st = fs.fstatSync(this.fd);
      this.ino = st.ino;
      this.size = st.size;
      this.unsure = false;
      const own = lastLine(this.fd);
      const last = own ?? this.lastRotatedLine();
      this.tip = last ? { seq: last.seq, hash: lineHash(last.bytes) } : { seq: 0, hash: GENESIS };
      if (own && !own.terminated) {
        this.writeBytes(Buffer.from('\n'));
        if (!parseLink(own.bytes)) {
          this.log.warning(`Audit log: the last line of ${this.file} is torn (${own.bytes.length} bytes); kept and noted`);
          this.write((seq, prev, time) => ({ seq, prev, time, note: 'torn', bytes: own.bytes.length }));
        }
      }
    } catch (err) {
      this.detach();
      throw err;
    }
  }

  /** Close the open file, if any. */
  private detach(): void {
    if (this.fd >= 0) fs.closeSync(this.fd);
    this.fd = -1;
  }

  /** The last line of audit.log.1, if there is one (audit.log is empty: just rotated, or a rotation was cut short). */
  private lastRotatedLine(): LastLine | undefined {
    let fd: number;
    try {
      fd = fs.openSync(rotatedPath(this.file, 1), fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW);
    } catch {
      return undefined;
    }
    try {
      return lastLine(fd);
    } finally {
      fs.closeSync(fd);
    }
  }

  /** Serialize and append one line made by `make`, rotating first when it would take the file past its bound. */
  private write(make: LineMaker): void {
    const seq = this.tip.seq + 1;
    const bytes = Buffer.from(serializeLine(make(seq, this.tip.hash, new Date().toISOString())) + '\n');
    if (this.maxBytes > 0 && this.backupCount > 0 && this.size > 0 && this.size + bytes.length > this.maxBytes) this.rotate();
    this.writeBytes(bytes);
    this.tip = { seq, hash: lineHash(bytes.subarray(0, -1)) };
  }

  /** Append `bytes` in one write; a failed or short write leaves the end of the file unsure. */
  private writeBytes(bytes: Buffer): void {
    let n: number;
    try {
      n = fs.writeSync(this.fd, bytes);
    } catch (err) {
      this.unsure = true;
      throw err;
    }
    this.size += n;
    if (n < bytes.length) {
      this.unsure = true;
      throw new Error(`short write (${n} of ${bytes.length} bytes)`);
    }
  }

  /**
   * Rename audit.log to audit.log.1, shifting the rotated files up and removing those past the count, and open a
   * new audit.log; the tip carries over, so its first line links to the old file's last. A rotation cut short
   * leaves the log unsure: the next line opens audit.log again (continuing from audit.log.1 when it is empty).
   */
  private rotate(): void {
    this.unsure = true;
    const numbers = rotatedNumbers(this.file);
    for (const n of numbers.filter((k) => k >= this.backupCount)) fs.rmSync(rotatedPath(this.file, n), { force: true });
    for (const n of numbers.filter((k) => k < this.backupCount).reverse()) fs.renameSync(rotatedPath(this.file, n), rotatedPath(this.file, n + 1));
    fs.renameSync(this.file, rotatedPath(this.file, 1));
    this.detach();
    this.fd = openLogFile(this.file, this.log);
    const st = fs.fstatSync(this.fd);
    this.ino = st.ino;
    this.size = st.size;
    this.unsure = false;
    this.log.info(`Audit log: rotated ${this.file} after line ${this.tip.seq}`);
  }
}
