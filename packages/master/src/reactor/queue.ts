/**
 * The reactor's work queue: events wait in one queue per tag, and each tag
 * runs its events one at a time, in order (Salt's reactor runs serially per
 * tag by default); different tags run at once, at most `workers` together
 * (reactor_worker_threads). At most `hwm` events wait in all
 * (reactor_worker_hwm); past it the oldest waiting event is dropped: the
 * newest events say the most about the fleet now, and a burst must not grow
 * the master without bound. Each drop is reported to `onDrop`.
 */

/** A waiting item, in the global arrival order too. */
interface Entry<T> {
  key: string;
  item: T;
  waiting: boolean;
}

/** See the module note. */
export class TagQueues<T> {
  private readonly queues = new Map<string, Entry<T>[]>();
  /** Every entry in arrival order (entries no longer waiting are skipped), to find the oldest. */
  private fifo: Entry<T>[] = [];
  private head = 0;
  /** Tags with waiting entries and nothing running, in the order they became ready. */
  private readonly ready: string[] = [];
  private readonly readySet = new Set<string>();
  private readonly running = new Set<string>();
  private waiting = 0;
  private idleWaiters: Array<() => void> = [];

  /**
   * @param run runs one item; what it throws or rejects with goes to `onError`
   * @param onDrop told of an item dropped because `hwm` were waiting
   */
  constructor(
    private readonly workers: number,
    private readonly hwm: number,
    private readonly run: (item: T) => Promise<void>,
    private readonly onDrop: (item: T) => void,
    private readonly onError: (item: T, err: unknown) => void,
  ) {}

  /** How many items wait (not running). */
  get size(): number {
    return this.waiting;
  }

  /** Queue `item` under tag `key`; it runs after the items queued before it under the same key. */
  push(key: string, item: T): void {
    const entry = { key, item, waiting: true };
    const q = this.queues.get(key);
    if (q) q.push(entry);
    else this.queues.set(key, [entry]);
    this.fifo.push(entry);
    this.waiting++;
    if (this.waiting > this.hwm) this.dropOldest();
    this.markReady(key);
    this.pump();
  }

  /** Drop every waiting item and resolve once nothing runs. */
  async drain(): Promise<void> {
    this.queues.clear();
    this.fifo = [];
    this.head = 0;
    this.ready.length = 0;
    this.readySet.clear();
    this.waiting = 0;
    if (this.running.size === 0) return;
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  private dropOldest(): void {
    while (!this.fifo[this.head].waiting) this.head++;
    const oldest = this.fifo[this.head++];
    // The oldest waiting entry is the first of its tag's queue.
    const q = this.queues.get(oldest.key)!;
    q.shift();
    if (q.length === 0) this.queues.delete(oldest.key);
    oldest.waiting = false;
    this.waiting--;
    this.compact();
    this.onDrop(oldest.item);
  }

  private markReady(key: string): void {
    if (this.running.has(key) || this.readySet.has(key) || !this.queues.has(key)) return;
    this.ready.push(key);
    this.readySet.add(key);
  }

  /** Start ready tags' next items while workers are free. */
  private pump(): void {
    while (this.running.size < this.workers && this.ready.length > 0) {
      const key = this.ready.shift()!;
      this.readySet.delete(key);
      const q = this.queues.get(key);
      if (!q) continue;
      const entry = q.shift()!;
      if (q.length === 0) this.queues.delete(key);
      entry.waiting = false;
      this.waiting--;
      this.compact();
      this.running.add(key);
      let started: Promise<void>;
      try {
        started = this.run(entry.item);
      } catch (err) {
        started = Promise.reject(err);
      }
      started
        .catch((err: unknown) => this.onError(entry.item, err))
        .finally(() => {
          this.running.delete(key);
          this.markReady(key);
          this.pump();
          if (this.running.size === 0) for (const w of this.idleWaiters.splice(0)) w();
        });
    }
  }

  /** Let go of the part of the arrival list no longer waiting. */
  private compact(): void {
    while (this.head < this.fifo.length && !this.fifo[this.head].waiting) this.head++;
    if (this.head > 1024 && this.head * 2 > this.fifo.length) {
      this.fifo = this.fifo.slice(this.head);
      this.head = 0;
    }
  }
}
