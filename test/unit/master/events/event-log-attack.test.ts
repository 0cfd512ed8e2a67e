import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { consoleLogger } from '@brine/core/log';
import { EventLog } from '@brine/master/events/event-log';

const quiet = consoleLogger('quiet');
let dir: string;
let outside: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evlog-'));
  outside = fs.mkdtempSync(path.join(os.tmpdir(), 'evlog-outside-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(outside, { recursive: true, force: true });
});

const ev = (i: number) => ({ tag: `t/${i}`, data: { i } });

test('a symlink planted as the last segment is neither truncated, nor read, nor written through', async () => {
  const victim = path.join(outside, 'victim');
  fs.writeFileSync(victim, 'not an event\n');
  fs.symlinkSync(victim, path.join(dir, '00000000000000000000.jsonl'));
  const log = EventLog.open(dir, quiet);
  // The first write finds no segment it may open: its event is lost to the log, and a new segment begins after it.
  log.append(log.next, ev(0));
  log.flush();
  log.append(log.next, ev(1));
  log.flush();
  expect(log.read(0, 10)).toEqual({ events: [ev(1)], cursor: 2, missed: 1 });
  log.close();
  expect(fs.readFileSync(victim, 'utf8')).toBe('not an event\n');
});

test('a directory in place of a segment does not stop the log from opening, and pruning past it does not throw', () => {
  fs.mkdirSync(path.join(dir, '00000000000000000000.jsonl'));
  const log = EventLog.open(dir, quiet, { maxBytes: 3000, segmentBytes: 1000 });
  for (let i = 0; i < 200; i++) {
    expect(log.append(log.next, ev(i))).toBe(true);
    log.flush();
  }
  log.close();
});

test('a segment replaced by a directory while the master runs: flush and read never throw', () => {
  const log = EventLog.open(dir, quiet, { maxBytes: 100000, segmentBytes: 1000 });
  for (let i = 0; i < 100; i++) {
    log.append(log.next, ev(i));
    log.flush();
  }
  const first = fs.readdirSync(dir).sort()[0];
  fs.rmSync(path.join(dir, first));
  fs.mkdirSync(path.join(dir, first));
  const page = log.read(0, 10);
  expect(page.missed).toBeGreaterThan(0);
  expect(page.events[0]).toEqual(ev(page.missed));
  for (let i = 100; i < 200; i++) {
    log.append(log.next, ev(i));
    expect(() => log.flush()).not.toThrow();
  }
  log.close();
});

test('a corrupted line in an older segment: a read counts it missed and goes on', () => {
  const log = EventLog.open(dir, quiet, { maxBytes: 100000, segmentBytes: 1000 });
  for (let i = 0; i < 60; i++) {
    log.append(log.next, ev(i));
    log.flush();
  }
  const first = path.join(dir, fs.readdirSync(dir).sort()[0]);
  const text = fs.readFileSync(first, 'utf8').split('\n');
  text[2] = '{garbage';
  fs.writeFileSync(first, text.join('\n'));
  log.close();
  const again = EventLog.open(dir, quiet, { maxBytes: 100000, segmentBytes: 1000 });
  const page = again.read(0, 10);
  expect(page.events.map((e) => e.data.i)).toEqual([0, 1, 3, 4, 5, 6, 7, 8, 9, 10]);
  expect(page).toMatchObject({ cursor: 11, missed: 1 });
  again.close();
});

test('a disk that stays full: no file is made per failed write, lost events count as missed, and logging resumes after', () => {
  const log = EventLog.open(dir, quiet, { maxBytes: 100000, segmentBytes: 1000 });
  for (let i = 0; i < 5; i++) {
    log.append(log.next, ev(i));
    log.flush();
  }
  const full = jest.spyOn(fs, 'writeSync').mockImplementation(() => {
    throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
  });
  try {
    for (let i = 5; i < 300; i++) {
      log.append(log.next, ev(i));
      log.flush();
    }
  } finally {
    full.mockRestore();
  }
  expect(fs.readdirSync(dir).length).toBeLessThanOrEqual(3);
  log.append(log.next, ev(300));
  log.flush();
  expect(log.read(0, 1000)).toEqual({ events: [0, 1, 2, 3, 4, 300].map(ev), cursor: 301, missed: 295 });
  log.close();
});
