import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SpooledDelivery } from '@brine/core/returners/spool';
import { until } from '../helpers/until';
import { recordingLogger } from './log';

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'brine-rspool-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A returner that fails while `down`, and records what it took. */
function flaky() {
  const state = { down: true, got: [] as number[], calls: 0 };
  const deliver = async (n: number) => {
    state.calls++;
    if (state.down) throw new Error('database is down');
    state.got.push(n);
  };
  return { state, deliver };
}

test('a returner that is up gets each item at once and nothing touches the disk', async () => {
  const { state, deliver } = flaky();
  state.down = false;
  const d = new SpooledDelivery('t', path.join(dir, 't'), deliver, { maxItems: 10, maxBytes: 1e6 }, recordingLogger());
  await d.send(1);
  await d.send(2);
  expect(state.got).toEqual([1, 2]);
  expect(fs.existsSync(path.join(dir, 't'))).toBe(false);
  d.close();
});

test('failing then recovering: nothing is lost, in order, and items behind a failure queue on disk', async () => {
  const { state, deliver } = flaky();
  const log = recordingLogger();
  const d = new SpooledDelivery('t', path.join(dir, 't'), deliver, { maxItems: 100, maxBytes: 1e6 }, log);
  for (let i = 0; i < 50; i++) await d.send(i);
  expect(d.pending).toBe(50);
  // Only the first was tried: the others queued behind it without calling the returner.
  expect(state.calls).toBe(1);
  expect(fs.readdirSync(path.join(dir, 't'))).toHaveLength(50);
  state.down = false;
  await d.flush();
  expect(state.got).toEqual([...Array(50).keys()]);
  expect(d.pending).toBe(0);
  expect(fs.readdirSync(path.join(dir, 't'))).toEqual([]);
  expect(log.lines.some(([l, m]) => l === 'warning' && m.includes('database is down'))).toBe(true);
  d.close();
});

test('items sent while one is being handed over queue behind it: it keeps its place if the returner fails it late', async () => {
  // The first item fails only after the second was sent (a slow database): it still goes first.
  const got: string[] = [];
  let down = true;
  let failFirst!: () => void;
  const deliver = (item: string) => {
    if (!down) {
      got.push(item);
      return Promise.resolve();
    }
    return item === 'a' ? new Promise<void>((_, reject) => (failFirst = () => reject(new Error('timed out')))) : Promise.reject(new Error('down'));
  };
  const d = new SpooledDelivery('t', path.join(dir, 't'), deliver, { maxItems: 10, maxBytes: 1e6 }, recordingLogger());
  const first = d.send('a');
  await d.send('b');
  failFirst();
  await first;
  expect(d.pending).toBe(2);
  down = false;
  await d.flush();
  expect(got).toEqual(['a', 'b']);
  d.close();
});

test('an item taken while others queued behind it: they go at once, in order', async () => {
  const got: number[] = [];
  let take!: () => void;
  const deliver = (n: number) => {
    got.push(n);
    return n === 1 ? new Promise<void>((resolve) => (take = resolve)) : Promise.resolve();
  };
  const d = new SpooledDelivery('t', path.join(dir, 't'), deliver, { maxItems: 10, maxBytes: 1e6 }, recordingLogger());
  const first = d.send(1);
  await d.send(2);
  await d.send(3);
  expect(got).toEqual([1]);
  take();
  await first;
  await until(() => got.length === 3, 'the queued items');
  expect(got).toEqual([1, 2, 3]);
  d.close();
});

test('the retry timer sends the spool once the returner is back', async () => {
  const { state, deliver } = flaky();
  const d = new SpooledDelivery('t', path.join(dir, 't'), deliver, { maxItems: 10, maxBytes: 1e6 }, recordingLogger());
  await d.send(7);
  state.down = false;
  await until(() => state.got.length === 1, 'the retry after the first backoff (1 s)', 5000);
  expect(state.got).toEqual([7]);
  d.close();
});

test('the count bound holds: the oldest are dropped and the count logged', async () => {
  const { state, deliver } = flaky();
  const log = recordingLogger();
  const d = new SpooledDelivery('t', path.join(dir, 't'), deliver, { maxItems: 5, maxBytes: 1e6 }, log);
  for (let i = 0; i < 8; i++) await d.send(i);
  expect(d.pending).toBe(5);
  expect(fs.readdirSync(path.join(dir, 't'))).toHaveLength(5);
  expect(log.lines.filter(([l]) => l === 'error').map(([, m]) => m)).toEqual(Array(3).fill(expect.stringContaining('dropped the 1 oldest item(s)')));
  state.down = false;
  await d.flush();
  expect(state.got).toEqual([3, 4, 5, 6, 7]);
  d.close();
});

test('the byte bound holds, and an item larger than the spool is dropped and logged', async () => {
  const { state, deliver } = flaky();
  const log = recordingLogger();
  const big = (n: number) => ({ n, pad: 'x'.repeat(1000) });
  const d = new SpooledDelivery<unknown>('t', path.join(dir, 't'), deliver as (x: unknown) => Promise<void>, { maxItems: 100, maxBytes: 3500 }, log);
  for (let i = 0; i < 6; i++) await d.send(big(i));
  expect(d.pending).toBe(3);
  const bytes = fs.readdirSync(path.join(dir, 't')).reduce((s, f) => s + fs.statSync(path.join(dir, 't', f)).size, 0);
  expect(bytes).toBeLessThanOrEqual(3500);
  await d.send({ pad: 'y'.repeat(5000) });
  expect(log.lines.at(-1)).toEqual(['error', expect.stringMatching(/an item of \d+ bytes was dropped: larger than its spool/)]);
  expect(state.got).toEqual([]);
  d.close();
});

test('what is spooled survives a restart and is sent first', async () => {
  const first = flaky();
  const d1 = new SpooledDelivery('t', path.join(dir, 't'), first.deliver, { maxItems: 10, maxBytes: 1e6 }, recordingLogger());
  await d1.send(1);
  await d1.send(2);
  d1.close();
  const second = flaky();
  second.state.down = false;
  const d2 = new SpooledDelivery('t', path.join(dir, 't'), second.deliver, { maxItems: 10, maxBytes: 1e6 }, recordingLogger());
  expect(d2.pending).toBe(2);
  await d2.send(3);
  await until(() => second.state.got.length === 3, 'the spool sent at start');
  expect(second.state.got).toEqual([1, 2, 3]);
  d2.close();
});

test('an item sent after a restart in the same millisecond as the spooled ones still goes after them', async () => {
  const now = jest.spyOn(Date, 'now').mockReturnValue(1_800_000_000_000);
  try {
    const first = flaky();
    const d1 = new SpooledDelivery('t', path.join(dir, 't'), first.deliver, { maxItems: 10, maxBytes: 1e6 }, recordingLogger());
    await d1.send(1);
    await d1.send(2);
    d1.close();
    const second = flaky();
    const d2 = new SpooledDelivery('t', path.join(dir, 't'), second.deliver, { maxItems: 10, maxBytes: 1e6 }, recordingLogger());
    d2.close();
    const third = flaky();
    const d3 = new SpooledDelivery('t', path.join(dir, 't'), third.deliver, { maxItems: 10, maxBytes: 1e6 }, recordingLogger());
    await d3.send(3);
    third.state.down = false;
    await d3.flush();
    expect(third.state.got).toEqual([1, 2, 3]);
    expect(second.state.calls).toBe(0);
    d3.close();
  } finally {
    now.mockRestore();
  }
});

test('a spool entry that is a directory or a symlink is set aside, not sent, and does not stop the others', async () => {
  const { state, deliver } = flaky();
  const spool = path.join(dir, 't');
  fs.mkdirSync(spool);
  const outside = path.join(dir, 'secret');
  fs.writeFileSync(outside, Buffer.from([0x81, 0xa1, 0x6b, 0x01]));
  fs.mkdirSync(path.join(spool, '000000000000001-000000000.item'));
  fs.symlinkSync(outside, path.join(spool, '000000000000002-000000000.item'));
  const log = recordingLogger();
  state.down = false;
  const d = new SpooledDelivery('t', spool, deliver, { maxItems: 10, maxBytes: 1e6 }, log);
  await d.flush();
  await d.send(7);
  expect(state.got).toEqual([7]);
  expect(d.pending).toBe(0);
  expect(fs.existsSync(outside)).toBe(true);
  d.close();
});
