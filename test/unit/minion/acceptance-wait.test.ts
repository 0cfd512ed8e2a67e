/**
 * The wait between a waiting minion's authentication attempts: a notice cuts it short (or the next one, when
 * it comes during an attempt), within the splay and the period; at most one notice per period is acted on,
 * afresh once accepted. The period is a minute here, so a wait that a notice did not cut never ends in time.
 */
import { AcceptanceWait } from '@brine/minion/acceptance-wait';

const PERIOD = 60_000;
let clock = 0;
let stop: AbortController;
const make = (random = () => 0) => new AcceptanceWait(PERIOD, () => clock, random);

beforeEach(() => {
  clock = 1_000_000;
  stop = new AbortController();
});
afterEach(() => stop.abort());

/** Whether `p` settled within the current turn of the event loop and the timers due now. */
async function settled(p: Promise<void>, withinMs = 50): Promise<boolean> {
  let done = false;
  void p.then(() => (done = true));
  await new Promise((r) => setTimeout(r, withinMs));
  return done;
}

test('a notice cuts the wait under way short', async () => {
  const w = make();
  const waiting = w.wait(stop.signal);
  expect(w.notice(0)).toBe(true);
  await waiting;
});

test('without a notice the wait lasts the period', async () => {
  const w = make();
  expect(await settled(w.wait(stop.signal))).toBe(false);
});

test('a notice during an attempt (no wait under way) cuts the next wait', async () => {
  const w = make();
  expect(w.notice(0)).toBe(true);
  await w.wait(stop.signal);
  // Used once: the wait after that lasts the period again.
  expect(await settled(w.wait(stop.signal))).toBe(false);
});

test('the delay is a random share of the splay, capped at the period', async () => {
  const w = make(() => 0.5);
  const waiting = w.wait(stop.signal);
  w.notice(10 * PERIOD);
  // Half of the period (the cap), not half of the splay: still waiting after a moment.
  expect(await settled(waiting)).toBe(false);
  const quick = make(() => 0.5);
  const soon = quick.wait(stop.signal);
  quick.notice(20);
  await soon;
});

test('at most one notice per period is acted on; acceptance starts the count afresh', async () => {
  const w = make();
  expect(w.notice(0)).toBe(true);
  await w.wait(stop.signal);
  clock += PERIOD - 1;
  const waiting = w.wait(stop.signal);
  expect(w.notice(0)).toBe(false);
  expect(await settled(waiting)).toBe(false);
  clock += 1;
  expect(w.notice(0)).toBe(true);
  await waiting;

  w.accepted();
  expect(w.notice(0)).toBe(true);
});

test('accepted() drops a notice not yet acted on', async () => {
  const w = make();
  w.notice(0);
  w.accepted();
  expect(await settled(w.wait(stop.signal))).toBe(false);
});

test('an abort ends the wait', async () => {
  const w = make();
  const waiting = w.wait(stop.signal);
  stop.abort();
  await waiting;
  // Already aborted: at once.
  await w.wait(stop.signal);
});
