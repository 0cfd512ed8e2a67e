import type { Logger } from '@brine/core/log';
import { WarningLimiter, WINDOW_MS } from '@brine/core/warning-limiter';

/** A limiter on a clock the test moves, and the lines it logged. */
function setup(opts: { maxKeys?: number } = {}) {
  let now = 1_000_000;
  const lines: string[] = [];
  const at = (level: string) => (msg: string) => void lines.push(`${level} ${msg}`);
  const log = { error: at('error'), warning: at('warning'), info: at('info') } as unknown as Logger;
  const limiter = new WarningLimiter({ ...opts, now: () => now });
  return { limiter, lines, log, tick: (ms: number) => void (now += ms) };
}

test('the first line about a key is logged, repeats within the window are counted, the next one after it says how many', () => {
  const { limiter, lines, log, tick } = setup();
  for (let i = 0; i < 1000; i++) limiter.log(log, 'warning', 'bad:peer1', 'Bad request from peer peer1');
  expect(lines).toEqual(['warning Bad request from peer peer1']);
  tick(WINDOW_MS - 1);
  limiter.log(log, 'warning', 'bad:peer1', 'Bad request from peer peer1');
  expect(lines).toHaveLength(1);
  tick(1);
  limiter.log(log, 'error', 'bad:peer1', 'Bad request from peer peer1: again');
  expect(lines).toEqual(['warning Bad request from peer peer1', 'error Bad request from peer peer1: again (1000 similar suppressed)']);
  // The count starts again from the line just logged.
  tick(WINDOW_MS);
  limiter.log(log, 'info', 'bad:peer1', 'quiet since');
  expect(lines[2]).toBe('info quiet since');
});

test('keys are limited separately', () => {
  const { limiter, lines, log } = setup();
  for (const key of ['bad:a', 'bad:b', 'refused:a:auth', 'bad:a', 'bad:b']) limiter.log(log, 'warning', key, key);
  expect(lines).toEqual(['warning bad:a', 'warning bad:b', 'warning refused:a:auth']);
});

test('admit reports suppressed counts without logging', () => {
  const { limiter, tick } = setup();
  expect(limiter.admit('k')).toBe(0);
  expect(limiter.admit('k')).toBeUndefined();
  expect(limiter.admit('k')).toBeUndefined();
  tick(WINDOW_MS);
  expect(limiter.admit('k')).toBe(2);
});

test('at most maxKeys keys are remembered, the least recently logged forgotten first', () => {
  const { limiter, tick } = setup({ maxKeys: 2 });
  expect(limiter.admit('a')).toBe(0);
  tick(1);
  expect(limiter.admit('b')).toBe(0);
  tick(1);
  expect(limiter.admit('c')).toBe(0);
  // 'a' was forgotten, so it is logged again; 'c' is still remembered, so it is suppressed.
  expect(limiter.admit('c')).toBeUndefined();
  expect(limiter.admit('a')).toBe(0);
  // Remembering 'a' again forgot 'b'.
  expect(limiter.admit('b')).toBe(0);
});
