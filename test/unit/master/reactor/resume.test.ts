/**
 * The reactor over a real event bus and event log (in a temporary cachedir), restarted in-process: what it had not
 * finished at a graceful stop is reacted to at the next start, what it finished is not, events older than
 * reactor_catch_up_seconds are skipped, and an event a reaction fired is refused when read back.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { consoleLogger } from '@brine/core/log';
import type { Published } from '@brine/core/protocol/v1/local-client';
import type { PublishRequest } from '@brine/core/protocol/v1/loads';
import { EventBus } from '@brine/master/events/bus';
import { EventLog } from '@brine/master/events/event-log';
import { Pki } from '@brine/master/pki';
import { Reactor, type ReactorConfig } from '@brine/master/reactor/reactor';

const quiet = consoleLogger('quiet');
let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'brine-reactor-resume-'));
  fs.writeFileSync(path.join(dir, 'r.sls'), "#!jinja|yaml\nmark:\n  local.test.arg:\n    - tgt: m1\n    - arg: [{{ data['n'] }}]\n");
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** One run of the master's event side: log, bus and reactor; `publish` records the reactions' jobs. */
function run(catchUpSeconds: number, publish: (req: PublishRequest) => Promise<Published>) {
  const log = EventLog.open(path.join(dir, 'events'), quiet);
  const bus = new EventBus(quiet, log);
  const config: ReactorConfig = {
    reactor: [{ 'my/*': path.join(dir, 'r.sls') }],
    reactor_worker_threads: 10,
    reactor_worker_hwm: 100,
    reactor_runner_timeout: 5,
    reactor_loop_limit: 30,
    reactor_catch_up_seconds: catchUpSeconds,
    config_dir: dir,
    file_roots: { base: [dir] },
    renderer: 'jinja|yaml',
    jinja_trim_blocks: false,
    jinja_lstrip_blocks: false,
  };
  const reactor = Reactor.start({
    config,
    events: bus,
    positionFile: path.join(dir, 'reactor', 'position.json'),
    publish,
    pki: new Pki(path.join(dir, 'pki')),
    keysChanged: () => undefined,
    log: quiet,
  })!;
  return {
    bus,
    reactor,
    async stop() {
      await reactor.stop();
      bus.close();
      log.close();
    },
  };
}

const published = (seen: unknown[]) => async (req: PublishRequest): Promise<Published> => {
  seen.push(req.arg[0]);
  return { jid: '20261204000000000000', minions: ['m1'] };
};

/** Resolve once `seen` holds `n` entries. */
async function until(seen: unknown[], n: number): Promise<void> {
  while (seen.length < n) await new Promise((r) => setTimeout(r, 5));
}

/**
 * A first run stopped with the reaction to n=1 done, n=2..4 waiting behind it (one tag runs one at a time) and n=5
 * fired while it stopped. @returns what it reacted to
 */
async function stoppedWithWaiting(): Promise<unknown[]> {
  const seen: unknown[] = [];
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  const one = run(3600, async (req) => {
    seen.push(req.arg[0]);
    await held;
    return { jid: '20261204000000000000', minions: ['m1'] };
  });
  for (let n = 1; n <= 4; n++) one.bus.fire('my/tag', () => ({ n }));
  one.bus.fire('other/tag', () => ({ n: 99 }));
  await until(seen, 1);
  const stopping = one.stop();
  // Fired while the running reaction finishes: not reacted to now, nor lost.
  one.bus.fire('my/tag', () => ({ n: 5 }));
  release();
  await stopping;
  return seen;
}

test('events waiting at a graceful stop are reacted to at the next start, in order; the one finished is not', async () => {
  expect(await stoppedWithWaiting()).toEqual([1]);
  const second: unknown[] = [];
  const two = run(3600, published(second));
  two.bus.fire('my/tag', () => ({ n: 6 }));
  await until(second, 5);
  expect(second).toEqual([2, 3, 4, 5, 6]);
  await two.stop();

  // Everything finished: a third start reads nothing back.
  const third: unknown[] = [];
  const three = run(3600, published(third));
  three.bus.fire('my/tag', () => ({ n: 7 }));
  await until(third, 1);
  await three.stop();
  expect(third).toEqual([7]);
});

test('events older than reactor_catch_up_seconds are skipped', async () => {
  await stoppedWithWaiting();
  await new Promise((r) => setTimeout(r, 5));
  const seen: unknown[] = [];
  const two = run(0.001, published(seen));
  two.bus.fire('my/tag', () => ({ n: 5 }));
  await until(seen, 1);
  await two.stop();
  expect(seen).toEqual([5]);
});

test('reactor_catch_up_seconds 0 reads nothing back, and the position moves on', async () => {
  await stoppedWithWaiting();
  const seen: unknown[] = [];
  const two = run(0, published(seen));
  two.bus.fire('my/tag', () => ({ n: 5 }));
  await until(seen, 1);
  await two.stop();
  const three = run(3600, published(seen));
  three.bus.fire('my/tag', () => ({ n: 6 }));
  await until(seen, 2);
  await three.stop();
  expect(seen).toEqual([5, 6]);
});

test("an event a reaction fired, refused live, is refused when read back after a crash (the loop guard's rule 2)", async () => {
  const seen: unknown[] = [];
  let bus!: EventBus;
  // The reaction fires my/own inside itself (as a publish fires the job's <jid> event), then never finishes: a crash.
  const one = run(3600, async (req) => {
    seen.push(req.arg[0]);
    bus.fire('my/own', () => ({ n: 'own' }));
    return new Promise<Published>(() => undefined);
  });
  bus = one.bus;
  one.bus.fire('my/tag', () => ({ n: 1 }));
  await until(seen, 1);
  // The crash: the log is written (as it is each turn), the reactor is not stopped.
  await new Promise((r) => setImmediate(r));
  one.bus.close();
  const two = run(3600, published(seen));
  two.bus.fire('my/tag', () => ({ n: 2 }));
  await until(seen, 3);
  await new Promise((r) => setTimeout(r, 20));
  await two.stop();
  // n=1 again (at-least-once: unfinished at the crash), never 'own'.
  expect(seen).toEqual([1, 1, 2]);
});

test('an event fired while the stop lets the running reaction finish is reacted to at the next start', async () => {
  const seen: unknown[] = [];
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  const one = run(3600, async (req) => {
    seen.push(req.arg[0]);
    await held;
    return { jid: '20261204000000000000', minions: ['m1'] };
  });
  one.bus.fire('my/tag', () => ({ n: 1 }));
  await until(seen, 1);
  const stopping = one.stop();
  one.bus.fire('my/tag', () => ({ n: 2 }));
  release();
  await stopping;
  const two = run(3600, published(seen));
  await until(seen, 2);
  await two.stop();
  expect(seen).toEqual([1, 2]);
});
