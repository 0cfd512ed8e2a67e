import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { consoleLogger } from '@brine/core/log';
import { EventBus, MAX_BATCH } from '@brine/master/events/bus';
import { EventLog } from '@brine/master/events/event-log';

const quiet = consoleLogger('quiet');
let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evlog-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const ev = (i: number) => ({ tag: `t/${i}`, data: { i } });
const segments = () => fs.readdirSync(dir).sort();

test('appends are written once per event-loop turn, as JSON lines [seq, tag, data], and read back by sequence number', async () => {
  const log = EventLog.open(dir, quiet);
  for (let i = 0; i < 5; i++) expect(log.append(i, ev(i))).toBe(true);
  expect(fs.readFileSync(path.join(dir, segments()[0]), 'utf8')).toBe('');
  await new Promise((r) => setImmediate(r));
  const lines = fs.readFileSync(path.join(dir, '00000000000000000000.jsonl'), 'utf8').split('\n');
  expect(lines[0]).toBe('[0,"t/0",{"i":0}]');
  expect(lines).toHaveLength(6);
  expect(log.read(2, 2)).toEqual({ events: [ev(2), ev(3)], cursor: 4, missed: 0 });
  expect(log.read(5, 10)).toEqual({ events: [], cursor: 5, missed: 0 });
  expect(log.append(9, ev(9))).toBe(false);
  log.close();
});

test('segments rotate at their size and the oldest are removed past the bound; older reads count the missed', () => {
  const log = EventLog.open(dir, quiet, { maxBytes: 3000, segmentBytes: 1000 });
  for (let i = 0; i < 200; i++) {
    log.append(i, ev(i));
    log.flush();
  }
  const sizes = segments().map((f) => fs.statSync(path.join(dir, f)).size);
  expect(sizes.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(3000 + 1000);
  expect(segments().length).toBeGreaterThan(2);
  const first = log.first;
  expect(first).toBeGreaterThan(0);
  expect(segments()[0]).toBe(`${String(first).padStart(20, '0')}.jsonl`);
  const page = log.read(0, 3);
  expect(page).toEqual({ events: [ev(first), ev(first + 1), ev(first + 2)], cursor: first + 3, missed: first });
  // A read crosses segments in order.
  const all = log.read(first, 1000);
  expect(all.events.map((e) => e.data.i)).toEqual(Array.from({ length: 200 - first }, (_, k) => first + k));
  log.close();
  // A bound lowered since applies at the next start; the numbers go on.
  const smaller = EventLog.open(dir, quiet, { maxBytes: 1000, segmentBytes: 1000 });
  expect(segments().reduce((n, f) => n + fs.statSync(path.join(dir, f)).size, 0)).toBeLessThanOrEqual(1000 + 1000);
  expect(smaller.first).toBeGreaterThan(first);
  expect(smaller.next).toBe(200);
  smaller.close();
});

test('a restart continues the sequence; a torn last record is cut off, not fatal', () => {
  const log = EventLog.open(dir, quiet);
  for (let i = 0; i < 3; i++) log.append(i, ev(i));
  log.close();
  const file = path.join(dir, segments()[0]);
  fs.appendFileSync(file, '[3,"t/3",{"i":');
  const again = EventLog.open(dir, quiet);
  expect(again.next).toBe(3);
  expect(fs.readFileSync(file, 'utf8').endsWith('{"i":2}]\n')).toBe(true);
  again.append(3, ev(3));
  expect(again.read(0, 10).events).toEqual([ev(0), ev(1), ev(2), ev(3)]);
  again.close();
});

test('reads of the segment being written see what it gained since the last read', () => {
  const log = EventLog.open(dir, quiet);
  log.append(0, ev(0));
  expect(log.read(0, 10).events).toEqual([ev(0)]);
  for (let i = 1; i < 70000; i++) log.append(i, ev(i));
  const page = log.read(0, 100000);
  expect(page.cursor).toBe(70000);
  expect(page.events[69999]).toEqual(ev(69999));
  log.close();
});

test('data that is not JSON is refused alone; a closed log refuses appends', () => {
  const log = EventLog.open(dir, quiet);
  expect(log.append(0, { tag: 'big', data: { n: 1n } })).toBe(false);
  expect(log.append(0, ev(0))).toBe(true);
  log.close();
  expect(log.append(1, ev(1))).toBe(false);
});

test('the bus keeps every event in the log, even with no subscriber, and a cursor older than the ring reads from disk', async () => {
  const log = EventLog.open(dir, quiet);
  const bus = new EventBus(quiet, log, 10);
  for (let i = 0; i < 30; i++) bus.fire(`e${i}`, () => ({ i }));
  const page = await bus.poll(0);
  expect(page.missed).toBe(0);
  expect(page.events.map((e) => e.tag)).toEqual(Array.from({ length: 30 }, (_, i) => `e${i}`));
  expect(page.cursor).toBe(30);
  // A page of the ring alone (its 10 newest) reads the same events as the disk.
  expect((await bus.poll(25)).events.map((e) => e.tag)).toEqual(['e25', 'e26', 'e27', 'e28', 'e29']);
  log.close();

  // After a restart the numbers go on, and old cursors still read from disk.
  const log2 = EventLog.open(dir, quiet);
  const bus2 = new EventBus(quiet, log2, 10);
  expect((await bus2.poll(undefined)).cursor).toBe(30);
  bus2.fire('after', () => ({}));
  expect((await bus2.poll(28)).events.map((e) => e.tag)).toEqual(['e28', 'e29', 'after']);
  log2.close();
});

test('follow yields pages from a sequence number until the bus closes', async () => {
  const log = EventLog.open(dir, quiet);
  const bus = new EventBus(quiet, log);
  for (let i = 0; i < MAX_BATCH + 5; i++) bus.fire(`e${i}`, () => ({}));
  const seen: string[] = [];
  for await (const page of bus.follow(3)) {
    expect(page.cursor - page.events.length).toBe(3 + seen.length);
    seen.push(...page.events.map((e) => e.tag));
    if (seen.length === MAX_BATCH + 2) bus.close();
  }
  expect(seen[0]).toBe('e3');
  expect(seen).toHaveLength(MAX_BATCH + 2);
  log.close();
});
