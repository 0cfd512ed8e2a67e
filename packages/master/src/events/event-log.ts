/**
 * The master's persistent event log (brine's, Salt has none): every event
 * fired on the bus, appended to segment files in `cachedir/events/`, so a
 * subscriber or the reactor that was down resumes from its last position
 * (a sequence number) without missing any event still kept.
 *
 * - A segment is a file of JSON lines `[seq, tag, data]`, named after the
 *   sequence number of its first event (20 digits, `.jsonl`); sequence numbers
 *   are contiguous across segments, so an event's line in its segment is
 *   `seq - first`.
 * - Appends are batched: the events of one event-loop turn are written with one
 *   write, on the next turn (setImmediate), so firing never touches the disk.
 *   The events a request fired are written before its reply is sent (the
 *   master's request servers call `flush`), so what a client or a minion saw
 *   acknowledged (a publish, a return, a custom event) is on disk. The write
 *   goes to the page cache (no fsync): a crash of the master loses at most the
 *   events of its last turn that no reply acknowledged; a power loss, what the
 *   kernel had not written back.
 * - A segment that reaches its size is closed and a new one begun; the oldest
 *   segments are removed, whole, while the log is larger than its bound
 *   (`event_log_max_bytes`), so the disk holds at most that plus one segment.
 * - At start the last segment is read: a torn or unreadable last line (a crash
 *   in mid-write) is cut off, and the next sequence number follows the last
 *   whole event, so positions survive a restart.
 * - Only regular files are segments, and they are opened without following a
 *   symlink: an entry of another kind under a segment's name is skipped (and
 *   logged), never read, cut or written through. A segment that cannot be read
 *   later (removed, replaced, a line made unreadable) counts as missed events
 *   for a reader; a segment that cannot be removed is logged and left.
 */
import fs from 'node:fs';
import path from 'node:path';
import { errorMessage } from '@brine/core/errors';
import type { Logger } from '@brine/core/log';
import { ensureDir } from '@brine/core/paths';
import type { BusEvent } from '@brine/core/protocol/v1/local-client';

/** The default bound of the log on disk, in bytes (the `event_log_max_bytes` default): 64 MiB. */
export const EVENT_LOG_MAX_BYTES = 64 * 1024 * 1024;
/** How many segments the bound is split into: the oldest is removed whole, so retention moves by this fraction. */
const SEGMENTS = 8;
/** The smallest segment, in bytes, whatever the bound. */
const MIN_SEGMENT_BYTES = 64 * 1024;

const SEGMENT_NAME = /^(\d{20})\.jsonl$/;

/** One segment file: the sequence number of its first event and its size in bytes. */
interface Segment {
  first: number;
  file: string;
  bytes: number;
}

/** The lines of one segment as last read, reused while the file has not grown (a subscriber catching up reads one segment many times). */
interface SegmentLines {
  file: string;
  bytes: number;
  lines: string[];
}

/** The options of an event log. */
export interface EventLogOptions {
  /** The bound of the log on disk, in bytes (see the module note). */
  maxBytes?: number;
  /** The size of one segment, in bytes (default: the bound / 8, at least 64 KiB). */
  segmentBytes?: number;
}

/** Open a segment without following a symlink: read only, or for appending (created 0600 when missing). */
function openSegment(file: string, mode: 'read' | 'append'): number {
  const { O_RDONLY, O_RDWR, O_APPEND, O_CREAT, O_NOFOLLOW } = fs.constants;
  return fs.openSync(file, (mode === 'read' ? O_RDONLY : O_RDWR | O_APPEND | O_CREAT) | O_NOFOLLOW, 0o600);
}

/** The whole content of the open segment `fd`, from its start whatever the descriptor's position (appends move it). */
function readSegment(fd: number): Buffer {
  const buf = Buffer.alloc(fs.fstatSync(fd).size);
  for (let done = 0; done < buf.length;) {
    const n = fs.readSync(fd, buf, done, buf.length - done, done);
    if (n === 0) return buf.subarray(0, done);
    done += n;
  }
  return buf;
}

/** The path of the segment whose first event is `first`. */
function segmentPath(dir: string, first: number): string {
  return path.join(dir, `${String(first).padStart(20, '0')}.jsonl`);
}

/**
 * The whole, in-sequence records at the start of a segment's text.
 * @returns how many there are and the byte length they take (where a torn tail begins)
 */
function wholeRecords(text: Buffer, first: number): { count: number; bytes: number } {
  let count = 0;
  let bytes = 0;
  while (bytes < text.length) {
    const end = text.indexOf(0x0a, bytes);
    if (end < 0) break;
    try {
      const rec: unknown = JSON.parse(text.subarray(bytes, end).toString('utf8'));
      if (!Array.isArray(rec) || rec[0] !== first + count || typeof rec[1] !== 'string') break;
    } catch {
      break;
    }
    count++;
    bytes = end + 1;
  }
  return { count, bytes };
}

/** The event of a segment's line, when it is a whole record of sequence number `seq` (else undefined: a reader counts it missed). */
function parseRecord(line: string, seq: number): BusEvent | undefined {
  try {
    const rec: unknown = JSON.parse(line);
    if (Array.isArray(rec) && rec[0] === seq && typeof rec[1] === 'string' && typeof rec[2] === 'object' && rec[2] !== null) {
      return { tag: rec[1], data: rec[2] as BusEvent['data'] };
    }
  } catch {
    // Unreadable: counted as missed.
  }
  return undefined;
}

/** The master's persistent event log (see the module note). */
export class EventLog {
  private readonly segments: Segment[] = [];
  /** The open last segment (undefined after it could not be opened: the next flush tries again). */
  private fd: number | undefined;
  /** The JSON lines appended since the last write. */
  private pending = '';
  private flushing: NodeJS.Immediate | undefined;
  private cached: SegmentLines | undefined;
  private failing = false;
  private closed = false;
  private readonly maxBytes: number;
  private readonly segmentBytes: number;
  /** The sequence number the next appended event must carry. */
  private nextSeq = 0;

  private constructor(private readonly dir: string, private readonly log: Logger, opts: EventLogOptions) {
    this.maxBytes = opts.maxBytes ?? EVENT_LOG_MAX_BYTES;
    this.segmentBytes = opts.segmentBytes ?? Math.max(MIN_SEGMENT_BYTES, Math.floor(this.maxBytes / SEGMENTS));
    ensureDir(dir);
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const m = SEGMENT_NAME.exec(entry.name);
      if (!m) continue;
      const file = path.join(dir, entry.name);
      if (!entry.isFile()) {
        log.warning(`Event log: ${file} is not a regular file; skipped`);
        continue;
      }
      this.segments.push({ first: Number(m[1]), file, bytes: fs.lstatSync(file).size });
    }
    const last = this.segments.at(-1);
    if (last) {
      // A last segment that cannot be opened (its mode, an I/O error) stops the start: its positions must not be reused.
      const fd = (this.fd = openSegment(last.file, 'append'));
      const { count, bytes } = wholeRecords(readSegment(fd), last.first);
      if (bytes < last.bytes) {
        log.warning(`Event log: cut ${last.bytes - bytes} byte(s) of a torn or unreadable tail off ${last.file}`);
        fs.ftruncateSync(fd, bytes);
      }
      last.bytes = bytes;
      this.nextSeq = last.first + count;
    } else {
      const first = { first: 0, file: segmentPath(dir, 0), bytes: 0 };
      this.segments.push(first);
      try {
        this.fd = openSegment(first.file, 'append');
      } catch (err) {
        // Something else holds the first segment's name: the first flush begins a segment after the events it loses.
        log.error(`Event log: cannot open ${first.file}: ${errorMessage(err)}`);
      }
    }
    // A bound lowered since the last start applies at once.
    this.prune();
  }

  /**
   * Open the log in `dir` (created 0700 if missing), recovering its last segment (see the module note).
   * @throws Error when `dir` cannot be created or read
   */
  static open(dir: string, log: Logger, opts: EventLogOptions = {}): EventLog {
    return new EventLog(dir, log, opts);
  }

  /** The sequence number of the next event to append (0 for a new log; after a restart, one past the last kept). */
  get next(): number {
    return this.nextSeq;
  }

  /** The sequence number of the oldest event kept on disk (`next` when the log is empty). */
  get first(): number {
    return this.segments[0].first;
  }

  /**
   * Append an event; it is written with the others of this event-loop turn, on the next turn. An event whose data
   * cannot be written as JSON is logged and kept out of the log (the sequence stays contiguous).
   * @param seq must be `next` (the bus numbers events; the log checks it keeps the sequence)
   * @returns whether the event was taken (false: its data is not JSON, or `seq` is out of sequence)
   */
  append(seq: number, event: BusEvent): boolean {
    if (this.closed) return false;
    if (seq !== this.nextSeq) {
      this.log.error(`Event log: event ${seq} (${event.tag}) is out of sequence (expected ${this.nextSeq}); not logged`);
      return false;
    }
    let line: string;
    try {
      line = `${JSON.stringify([seq, event.tag, event.data])}\n`;
    } catch (err) {
      this.log.error(`Event log: event ${event.tag} cannot be written as JSON: ${errorMessage(err)}`);
      return false;
    }
    this.nextSeq++;
    this.pending += line;
    this.flushing ??= setImmediate(() => this.flush());
    return true;
  }

  /**
   * Write the pending events now, in one write, then begin a new segment if this one is full and remove the oldest
   * past the bound. A write that fails (disk full) is logged once until one succeeds again: its events are lost to
   * the log (the bus still carries them), the segment is cut back to its last whole event and a new one begins
   * after the lost ones, so readers count them as missed.
   */
  flush(): void {
    if (this.flushing) clearImmediate(this.flushing);
    this.flushing = undefined;
    if (this.pending === '') return;
    const text = Buffer.from(this.pending);
    this.pending = '';
    const seg = this.segments.at(-1)!;
    try {
      if (this.fd === undefined) throw new Error('no segment is open');
      // A regular file takes the whole write but on a full disk; a short write is written on from where it stopped.
      for (let done = 0; done < text.length;) {
        const n = fs.writeSync(this.fd, text, done);
        if (n === 0) throw new Error('the write made no progress');
        done += n;
      }
      seg.bytes += text.length;
      this.failing = false;
    } catch (err) {
      if (!this.failing) this.log.error(`Event log: cannot append to ${seg.file}, events are not kept on disk: ${errorMessage(err)}`);
      this.failing = true;
      this.cutBack(seg);
      this.begin();
      return;
    }
    if (seg.bytes >= this.segmentBytes) this.begin();
  }

  /** After a failed write: cut the segment back to its whole events (a partial write may have left a torn line). */
  private cutBack(seg: Segment): void {
    if (this.fd === undefined) return;
    try {
      seg.bytes = wholeRecords(readSegment(this.fd), seg.first).bytes;
      fs.ftruncateSync(this.fd, seg.bytes);
    } catch (err) {
      this.log.error(`Event log: cannot cut ${seg.file} back to its whole events: ${errorMessage(err)}`);
    }
  }

  /** Close the open segment, begin a new one at `next` and prune. */
  private begin(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
    const last = this.segments.at(-1)!;
    const seg = { first: this.nextSeq, file: segmentPath(this.dir, this.nextSeq), bytes: 0 };
    try {
      this.fd = openSegment(seg.file, 'append');
    } catch (err) {
      this.log.error(`Event log: cannot begin segment ${seg.file}: ${errorMessage(err)}`);
      return;
    }
    // A segment left empty (its writes failed: a full disk) holds no event: it goes, so a disk that stays full does
    // not leave a file per failed write; readers count the events of its span as missed all the same.
    if (last.first === seg.first) this.segments.pop();
    else if (last.bytes === 0) this.drop(this.segments.pop()!);
    this.segments.push(seg);
    this.prune();
  }

  /** Remove the file of a segment no longer listed (a failure is logged: the file stays, unread). */
  private drop(seg: Segment): void {
    try {
      fs.rmSync(seg.file, { force: true });
    } catch (err) {
      this.log.error(`Event log: cannot remove ${seg.file}: ${errorMessage(err)}`);
    }
  }

  /** Remove the oldest segments, whole, while the log is over its bound (the last one stays). */
  private prune(): void {
    let total = this.segments.reduce((n, s) => n + s.bytes, 0);
    while (total > this.maxBytes && this.segments.length > 1) {
      const old = this.segments.shift()!;
      total -= old.bytes;
      this.drop(old);
    }
  }

  /**
   * The events kept from sequence number `from` on, oldest first, at most `limit`; pending events are written first.
   * @param from a sequence number; events before `first` are gone (counted in `missed`)
   * @returns the events, the sequence number after the last one (where to read next), and how many events from
   *   `from` on were not kept (older than the log, or lost to a failed write)
   */
  read(from: number, limit: number): { events: BusEvent[]; cursor: number; missed: number } {
    this.flush();
    const events: BusEvent[] = [];
    let seq = from;
    let missed = 0;
    for (const [i, seg] of this.segments.entries()) {
      // A segment ends before the next one begins: those wholly before `seq` are not read.
      if ((this.segments[i + 1]?.first ?? Infinity) <= seq) continue;
      const lines = this.linesOf(seg);
      if (seg.first > seq) {
        missed += seg.first - seq;
        seq = seg.first;
      }
      for (let k = seq - seg.first; k < lines.length && events.length < limit; k++, seq++) {
        const event = parseRecord(lines[k], seq);
        if (event) events.push(event);
        else missed++;
      }
      if (events.length >= limit) break;
    }
    return { events, cursor: seq, missed };
  }

  /**
   * The lines of a segment, from the cache; of the segment being written, only what it gained since is read. A
   * segment that cannot be read (removed or replaced since) has none: a reader counts its events as missed.
   */
  private linesOf(seg: Segment): string[] {
    const known = this.cached?.file === seg.file && this.cached.bytes <= seg.bytes ? this.cached : { file: seg.file, bytes: 0, lines: [] };
    if (known.bytes < seg.bytes) {
      let fd: number | undefined;
      try {
        fd = openSegment(seg.file, 'read');
        const tail = Buffer.alloc(seg.bytes - known.bytes);
        for (let done = 0; done < tail.length;) {
          const n = fs.readSync(fd, tail, done, tail.length - done, known.bytes + done);
          if (n === 0) throw new Error(`${seg.file} is shorter than the log wrote`);
          done += n;
        }
        const lines = tail.toString('utf8').split('\n');
        lines.pop();
        for (const line of lines) known.lines.push(line);
      } catch (err) {
        this.log.error(`Event log: cannot read ${seg.file}, its events count as missed: ${errorMessage(err)}`);
        return [];
      } finally {
        if (fd !== undefined) fs.closeSync(fd);
      }
      known.bytes = seg.bytes;
    }
    this.cached = known;
    return known.lines;
  }


  /** Write what is pending and close the segment (the master is stopping); later appends are refused. */
  close(): void {
    this.flush();
    this.closed = true;
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
  }
}
