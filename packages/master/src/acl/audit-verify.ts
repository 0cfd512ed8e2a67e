/**
 * The check of the audit log's hash chain (format: audit-chain.ts), behind
 * `salt-run audit.verify`: the lines of the rotated files, oldest first, then
 * of audit.log, each against the one before it.
 *
 * What it finds, at the first line that breaks the chain:
 * - an edited line: the next line's `prev` is no longer its hash;
 * - a deleted line: a gap in the sequence numbers, and the next line's `prev`
 *   is the hash of a line that is gone;
 * - an inserted line: the line after it links to the line before it;
 * - a line that is not a record, a torn last line, and the master's note that
 *   it found audit.log removed or replaced.
 * A line torn by a crash and followed by the master's `torn` note is part of
 * the chain. What the chain cannot show: lines cut from its end, or from the
 * start of the oldest file kept (rotation removes lines there too), and a
 * chain rewritten whole by someone who can write the file (README "Audit log").
 */
import fs from 'node:fs';
import path from 'node:path';
import type { AuditVerification } from '@brine/core/protocol/v1/local-client';
import { GENESIS, lineHash, parseLink, rotatedNumbers, rotatedPath, tornLink } from './audit-chain';

/** How many bytes are read at a time; the master yields to other work between reads. */
const CHUNK = 1024 * 1024;

/** One line of the chain, where it is, and whether it ends with "\n". */
interface Line {
  file: string;
  no: number;
  bytes: Buffer;
  terminated: boolean;
}

/** A line already checked: where it is, its hash and its sequence number. */
interface Checked {
  file: string;
  no: number;
  hash: string;
  seq: number;
}

/** An open file of the chain and the size it had when it was opened (lines appended later are not checked). */
interface Part {
  file: string;
  fd: number;
  size: number;
}

/** The lines of the parts, in order, read `CHUNK` bytes at a time with a turn of the event loop between reads. */
async function* chainLines(parts: Part[]): AsyncGenerator<Line> {
  for (const { file, fd, size } of parts) {
    let rest = Buffer.alloc(0);
    let no = 0;
    for (let pos = 0; pos < size;) {
      const chunk = Buffer.alloc(Math.min(CHUNK, size - pos));
      const n = fs.readSync(fd, chunk, 0, chunk.length, pos);
      if (n === 0) break;
      pos += n;
      let buf = Buffer.concat([rest, chunk.subarray(0, n)]);
      for (let nl = buf.indexOf(0x0a); nl >= 0; nl = buf.indexOf(0x0a)) {
        yield { file, no: ++no, bytes: buf.subarray(0, nl), terminated: true };
        buf = buf.subarray(nl + 1);
      }
      rest = buf;
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (rest.length > 0) yield { file, no: ++no, bytes: rest, terminated: false };
  }
}

/**
 * Open the files of the chain of the log at `file`: the rotated ones, oldest first, then `file`; all at once, so
 * a rotation while they are read changes nothing. Files are opened without following symlinks.
 * @throws Error when one cannot be opened (audit.log itself may be missing: there are then no lines of it)
 */
function openParts(file: string): Part[] {
  const names = [...rotatedNumbers(file).reverse().map((n) => rotatedPath(file, n)), file];
  const parts: Part[] = [];
  try {
    for (const name of names) {
      let fd: number;
      try {
        fd = fs.openSync(name, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw err;
      }
      parts.push({ file: name, fd, size: fs.fstatSync(fd).size });
    }
  } catch (err) {
    for (const p of parts) fs.closeSync(p.fd);
    throw err;
  }
  return parts;
}

/** A break of the chain: where and what. */
type Break = { at: { file: string; no: number }; problem: string };

/**
 * Why `line` (whose chain fields are `link`) does not follow `p` (before which came a line of hash `pp`), given the
 * line after it: an inserted line, lines deleted, or an edited one; undefined when it follows.
 */
function linkBreak(line: Line, link: { seq: number; prev: string }, p: Checked, pp: string | undefined, next: Buffer | undefined): Break | undefined {
  const here = `line ${line.no} of ${path.basename(line.file)}`;
  const before = `line ${p.no} of ${path.basename(p.file)}`;
  if (link.prev === p.hash && link.seq === p.seq + 1) return undefined;
  if (pp !== undefined && link.prev === pp) {
    return { at: p, problem: `${before} was inserted: ${here} links to the line before it` };
  }
  if (next && parseLink(next)?.prev === p.hash) {
    return { at: line, problem: `${here} was inserted: the line after it links to ${before}` };
  }
  if (link.seq > p.seq + 1 && link.prev !== p.hash) {
    const gone = link.seq - p.seq - 1;
    return { at: line, problem: `${gone} line(s) deleted before ${here}: sequence number ${p.seq} is followed by ${link.seq}, and its prev is the hash of no line kept` };
  }
  if (link.prev !== p.hash) {
    return { at: p, problem: `${before} was edited: the prev of ${here} is not its hash` };
  }
  return { at: line, problem: `${here} was edited: its sequence number is ${link.seq}, ${p.seq + 1} was expected` };
}

/**
 * Walk the hash chain of the audit log at `file` (cachedir/audit.log) and its rotated files, and report the
 * first line that breaks it (see the module note). The chain's first line must have `prev` {@link GENESIS} when it
 * is line 1; a later one (older lines rotated away) is taken as it is.
 * @returns {result, lines} when the chain holds; else also the file, the line number in it and the problem. A log
 *   that does not exist is a problem too (it was removed, or audit_log is off).
 * @throws Error when a file of the log cannot be opened or read (its mode, an I/O error)
 */
export async function verifyAuditLog(file: string): Promise<AuditVerification> {
  const parts = openParts(file);
  if (parts.length === 0) return { result: false, lines: 0, file, problem: `there is no audit log at ${file}: audit_log is off, or it was removed` };
  let lines = 0;
  const fail = ({ at, problem }: Break): AuditVerification => ({ result: false, lines, file: at.file, first_bad_line: at.no, problem });
  try {
    const it = chainLines(parts);
    let p: Checked | undefined;
    let pp: string | undefined;
    let cur = (await it.next()).value as Line | undefined;
    while (cur) {
      const next = (await it.next()).value as Line | undefined;
      lines++;
      const hash = lineHash(cur.bytes);
      const link = parseLink(cur.bytes);
      const here = `line ${cur.no} of ${path.basename(cur.file)}`;
      if (!link) {
        if (!cur.terminated) return fail({ at: cur, problem: `${here} is torn: a write cut short (the master stopped or failed in mid-line); the master notes it when it next writes` });
        const note = next && parseLink(next.bytes);
        const torn = tornLink(cur.bytes);
        const seq = (p?.seq ?? 0) + 1;
        const noted = note?.note === 'torn' && note.prev === hash && note.seq === seq + 1;
        const consistent = !torn || !p || (torn.seq === seq && torn.prev === p.hash);
        if (!noted || !consistent) return fail({ at: cur, problem: `${here} is not an audit record: edited or corrupted` });
        [pp, p] = [p?.hash, { file: cur.file, no: cur.no, hash, seq }];
      } else {
        if (link.note === 'replaced') {
          return fail({ at: cur, problem: `${here}: the master found ${path.basename(file)} removed or replaced while it had it open, and noted it here` });
        }
        const broken = p
          ? linkBreak(cur, link, p, pp, next?.bytes)
          : link.seq === 1 && link.prev !== GENESIS
            ? { at: cur, problem: `${here} was edited: it is line 1 of the chain, and its prev is not ${GENESIS}` }
            : undefined;
        if (broken) return fail(broken);
        [pp, p] = [p?.hash, { file: cur.file, no: cur.no, hash, seq: link.seq }];
      }
      cur = next;
    }
    return { result: true, lines };
  } finally {
    for (const part of parts) fs.closeSync(part.fd);
  }
}
