import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { consoleLogger } from '@brine/core/log';
import { loadPosition, ReactorPosition, POSITION_SAVE_MS } from '@brine/master/reactor/position';

const quiet = consoleLogger('quiet');
let dir: string;
let file: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'brine-reactor-pos-'));
  file = path.join(dir, 'reactor', 'position.json');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const read = () => JSON.parse(fs.readFileSync(file, 'utf8')) as { next: number; own: Array<[number, string]> };

test('at-least-once: the position is the oldest unfinished event, else the bus position; saved at close and read back', () => {
  let bus = 10;
  const pos = new ReactorPosition(file, () => bus, new Map(), quiet);
  expect(pos.next).toBe(10);
  pos.begin(11);
  pos.begin(13);
  pos.begin(14);
  bus = 15;
  pos.end(13);
  expect(pos.next).toBe(11);
  pos.end(11);
  expect(pos.next).toBe(14);
  pos.end(14);
  expect(pos.next).toBe(15);
  pos.begin(16);
  pos.close();
  expect(read()).toEqual({ next: 16, own: [] });
  // After close nothing moves it on disk: the stopped reactions are read back at start.
  pos.end(16);
  pos.save();
  expect(loadPosition(file, quiet)).toEqual({ next: 16, own: new Map() });
});

test('while the log is read back, the position stays at the read position', () => {
  const pos = new ReactorPosition(file, () => 100, new Map(), quiet);
  pos.hold(40);
  expect(pos.next).toBe(40);
  pos.hold(43);
  pos.begin(42);
  expect(pos.next).toBe(42);
  pos.end(42);
  expect(pos.next).toBe(43);
  pos.hold(undefined);
  expect(pos.next).toBe(100);
});

test("the reactor's own events are marked (seq and _stamp) and saved in the same turn; marks before the position are dropped", async () => {
  let bus = 5;
  const pos = new ReactorPosition(file, () => bus, new Map(), quiet);
  pos.begin(5);
  bus = 8;
  pos.markOwn(6, '2026-12-04T03:00:00.000001');
  pos.markOwn(7, '2026-12-04T03:00:00.000002');
  expect(fs.existsSync(file)).toBe(false);
  await Promise.resolve();
  expect(read()).toEqual({ next: 5, own: [[6, '2026-12-04T03:00:00.000001'], [7, '2026-12-04T03:00:00.000002']] });
  const back = loadPosition(file, quiet);
  const again = new ReactorPosition(file, () => 8, back.own, quiet);
  expect(again.isOwn(6, '2026-12-04T03:00:00.000001')).toBe(true);
  // Same number, other stamp: the marked event was lost in a crash and its number reused by another.
  expect(again.isOwn(6, '2026-12-04T03:00:09.000000')).toBe(false);
  expect(again.isOwn(5, undefined)).toBe(false);
  again.hold(7);
  again.save();
  expect(read().own).toEqual([[7, '2026-12-04T03:00:00.000002']]);
  pos.close();
  again.close();
});

test('moves are saved at most once per POSITION_SAVE_MS', () => {
  jest.useFakeTimers();
  try {
    let bus = 0;
    const pos = new ReactorPosition(file, () => bus, new Map(), quiet);
    for (let i = 0; i < 50; i++) {
      pos.begin(i);
      bus = i + 1;
      pos.end(i);
    }
    expect(fs.existsSync(file)).toBe(false);
    jest.advanceTimersByTime(POSITION_SAVE_MS);
    expect(read().next).toBe(50);
    pos.close();
  } finally {
    jest.useRealTimers();
  }
});

test('a missing position is a first start; a broken one is logged and ignored', () => {
  expect(loadPosition(file, quiet)).toEqual({ next: undefined, own: new Map() });
  fs.mkdirSync(path.dirname(file));
  fs.writeFileSync(file, '{"next": -1}');
  expect(loadPosition(file, quiet).next).toBeUndefined();
  fs.writeFileSync(file, 'not json');
  expect(loadPosition(file, quiet).next).toBeUndefined();
});
