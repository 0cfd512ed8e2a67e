/**
 * Delivery to one returner that never blocks its caller and loses nothing up
 * to a bound: what the returner fails to take is kept in an on-disk spool
 * (one folder per returner, one msgpack file per item, written atomically)
 * and tried again, oldest first, after a backoff (1 s doubling to 60 s),
 * until the returner takes it. While items wait, or one is being handed over,
 * new ones queue behind them (on disk), so the returner sees them in order:
 * an item handed over directly has its place in the spool's order from the
 * moment it was sent, and takes it if the returner fails it. The spool is bounded by a count and by
 * bytes; when full, the oldest items are dropped and the count dropped is
 * logged as an error. What is in the spool survives a restart: it is sent
 * again when the daemon starts.
 *
 * Salt's returners keep nothing: a return a database refuses is lost.
 */
import fs from 'node:fs';
import path from 'node:path';
import { errorMessage } from '../errors';
import type { Logger } from '../log';
import { ensureDir, unlessGone, writeFileAtomic } from '../paths';
import { pack, unpack } from '../protocol/frame';

/** The spool's bounds. */
export interface SpoolBounds {
  /** Items kept at most. */
  maxItems: number;
  /** Bytes (of msgpack) kept at most. */
  maxBytes: number;
}

/** The first retry waits this long (ms); each failure doubles it, up to RETRY_MAX_MS. */
export const RETRY_MIN_MS = 1000;
/** The longest wait between retries (ms). */
export const RETRY_MAX_MS = 60000;
const SUFFIX = '.item';

/** Delivery of items of type T to one returner through a bounded on-disk spool (see the module note). */
export class SpooledDelivery<T> {
  /** The spooled files, oldest first, with their sizes. */
  private readonly files: { name: string; size: number }[] = [];
  private bytes = 0;
  private seq = 0;
  private timer?: NodeJS.Timeout;
  private backoff = RETRY_MIN_MS;
  private flushing?: Promise<void>;
  /** The item handed to the returner directly, until it was taken or spooled (at most one at a time). */
  private inFlight?: Promise<void>;
  /** The time part of the last item name, never going back (the names sort in the order items came). */
  private lastMs = 0;
  private closed = false;

  /**
   * @param what the returner's name, for logs
   * @param dir its spool folder (created 0700 on first use); items already there are sent first
   * @param deliver hands one item to the returner; throws when it could not
   */
  constructor(
    readonly what: string,
    readonly dir: string,
    private readonly deliver: (item: T) => Promise<void>,
    private readonly bounds: SpoolBounds,
    private readonly log: Logger,
  ) {
    let names: string[] = [];
    try {
      // Only regular files: anything else under an item's name (a directory, a symlink) was not written here.
      const entries = fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.name.endsWith(SUFFIX));
      for (const e of entries) if (!e.isFile()) log.error(`Returner ${what}: ignoring ${path.join(dir, e.name)} in its spool: not a regular file`);
      names = entries.filter((e) => e.isFile()).map((e) => e.name).sort();
    } catch {
      // no spool yet
    }
    for (const name of names) {
      const size = unlessGone(() => fs.statSync(path.join(dir, name)).size);
      if (size !== undefined) this.add(name, size);
    }
    // New names sort after the newest kept, even within the millisecond it was written in (before a restart).
    const newest = /^(\d{15})-(\d{9})/.exec(names.at(-1) ?? '');
    if (newest) {
      this.lastMs = Number(newest[1]);
      this.seq = Number(newest[2]) + 1;
    }
    if (this.files.length > 0) {
      this.log.info(`Returner ${what}: ${this.files.length} spooled item(s) to send again`);
      this.arm(0);
    }
  }

  /** How many items wait in the spool. */
  get pending(): number {
    return this.files.length;
  }

  /**
   * Hand `item` to the returner now, or, when items wait already or it fails, keep it in the spool. Never
   * throws; the returned promise settles once the item was delivered or spooled (callers need not wait).
   */
  async send(item: T): Promise<void> {
    const name = this.nextName();
    if (this.files.length > 0 || this.inFlight || this.closed) {
      this.keep(item, name);
      // Behind an item being handed over: its outcome decides when the spool is tried (below).
      if (!this.inFlight) this.arm(this.backoff);
      return;
    }
    let taken = true;
    this.inFlight = this.deliver(item).catch((err: unknown) => {
      taken = false;
      this.log.warning(`Returner ${this.what} failed; keeping the item in its spool to try again: ${errorMessage(err)}`);
      this.keep(item, name);
    });
    await this.inFlight;
    this.inFlight = undefined;
    // Taken: what queued behind it goes now; failed: after the backoff.
    if (taken && this.files.length > 0) void this.flush();
    else if (!taken) this.arm(this.backoff);
  }

  /**
   * Send the spooled items, oldest first, stopping at the first failure (retried after the backoff). One
   * flush at a time; never throws.
   */
  flush(): Promise<void> {
    this.flushing ??= (async () => {
      // An item being handed over comes before every item spooled after it.
      await this.inFlight;
      while (this.files.length > 0 && !this.closed) {
        const { name } = this.files[0];
        const file = path.join(this.dir, name);
        let item: T;
        try {
          const bytes = unlessGone(() => fs.readFileSync(file));
          if (!bytes) {
            this.remove(name);
            continue;
          }
          item = unpack(bytes) as T;
        } catch (err) {
          this.log.error(`Returner ${this.what}: removing unreadable spooled item ${file}: ${errorMessage(err)}`);
          this.remove(name);
          continue;
        }
        try {
          await this.deliver(item);
        } catch (err) {
          this.backoff = Math.min(this.backoff * 2, RETRY_MAX_MS);
          this.log.warning(`Returner ${this.what} still failing (${this.files.length} item(s) spooled, next try in ${this.backoff / 1000} s): ${errorMessage(err)}`);
          this.arm(this.backoff);
          return;
        }
        // By name: while it was being delivered, a full spool may have dropped it already.
        this.remove(name);
      }
      this.backoff = RETRY_MIN_MS;
    })().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  /** Stop retrying (the daemon stops); what is spooled stays for the next start. */
  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
  }

  /** The name of the next item: the time (ms, never going back) and a sequence number, so names sort in order. */
  private nextName(): string {
    this.lastMs = Math.max(this.lastMs, Date.now());
    return `${String(this.lastMs).padStart(15, '0')}-${String(this.seq++ % 1e9).padStart(9, '0')}${SUFFIX}`;
  }

  /**
   * Write `item` to the spool under `name` (taken when it was sent, so it goes in its place among the items
   * spooled since), dropping the oldest items when the bounds are passed (logged with their count).
   */
  private keep(item: T, name: string): void {
    let bytes: Uint8Array;
    try {
      bytes = pack(item);
    } catch (err) {
      this.log.error(`Returner ${this.what}: an item was dropped: it cannot be encoded: ${errorMessage(err)}`);
      return;
    }
    if (bytes.length > this.bounds.maxBytes || this.bounds.maxItems < 1) {
      this.log.error(`Returner ${this.what}: an item of ${bytes.length} bytes was dropped: larger than its spool (returner_spool_max_bytes ${this.bounds.maxBytes})`);
      return;
    }
    try {
      ensureDir(this.dir);
      writeFileAtomic(path.join(this.dir, name), bytes, 0o600);
    } catch (err) {
      this.log.error(`Returner ${this.what}: an item was dropped: cannot write it to the spool ${this.dir}: ${errorMessage(err)}`);
      return;
    }
    this.add(name, bytes.length);
    let dropped = 0;
    while (this.files.length > this.bounds.maxItems || this.bytes > this.bounds.maxBytes) {
      this.remove(this.files[0].name);
      dropped++;
    }
    if (dropped > 0) {
      this.log.error(`Returner ${this.what}: its spool is full (returner_spool_max ${this.bounds.maxItems}, returner_spool_max_bytes ${this.bounds.maxBytes}): dropped the ${dropped} oldest item(s)`);
    }
  }

  /** List item `name` in its place by name (an item spooled after its send may come after later ones). */
  private add(name: string, size: number): void {
    let i = this.files.length;
    while (i > 0 && this.files[i - 1].name > name) i--;
    this.files.splice(i, 0, { name, size });
    this.bytes += size;
  }

  /** Remove item `name` and its file (nothing when it is gone already). */
  private remove(name: string): void {
    const i = this.files.findIndex((f) => f.name === name);
    if (i < 0) return;
    try {
      fs.rmSync(path.join(this.dir, name), { force: true });
    } catch (err) {
      this.log.error(`Returner ${this.what}: cannot remove ${path.join(this.dir, name)} from its spool: ${errorMessage(err)}`);
    }
    this.bytes -= this.files[i].size;
    this.files.splice(i, 1);
  }

  /** Flush after `ms`, unless a flush is already due sooner. */
  private arm(ms: number): void {
    if (this.closed || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, ms);
    this.timer.unref();
  }
}
