import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CommandExecutionError, SaltInvocationError, SaltReqTimeoutError } from '@brine/core/errors';
import type { MasterEvents, MinionRuntime } from '@brine/core/loader/define';
import { parseCliArgs } from '@brine/core/loader/args';
import { Loader, type CallContext } from '@brine/core/loader/loader';
import { consoleLogger } from '@brine/core/log';
import type { BusEvent } from '@brine/core/protocol/v1/local-client';
import { EventBus } from '@brine/master/events/bus';
import { MinionEventGuard } from '@brine/master/events/minion-event-guard';
import { fireMinionEvent } from '@brine/master/events/minion-events';
import { MODULES } from '@brine/modules/index';
import { callContext, minionConfig } from '../helpers/exec-context';

let dir: string;
let bus: EventBus;
let cursor: number;

/** The master's side of `_minion_event` for minion `id`, as the sealed request handler runs it. */
function toMaster(id: string): MasterEvents {
  const guard = new MinionEventGuard();
  return {
    fire: async (tag, data, preload) => {
      const load = { tag, data, ...(preload ? { preload } : {}) };
      guard.admit(id, load);
      fireMinionEvent(bus, id, load);
      return true;
    },
  };
}

/** Run `fun` with CLI words on minion1: as a job of the running minion, or as salt-call (`runtime` undefined). */
function call(fun: string, words: string[], extra: Partial<CallContext> = {}, asJob = true): Promise<unknown> {
  const base = callContext(dir, { id: 'minion1', os: 'Debian', kernel: 'Linux' }, new AbortController().signal, {
    opts: minionConfig(dir),
    pillar: { app: { port: 80 }, secret: 's3' },
    events: toMaster('minion1'),
    ...(asJob ? { runtime: {} as MinionRuntime } : {}),
    ...extra,
  });
  const { arg, kwarg } = parseCliArgs(words);
  return new Loader(MODULES, base.opts, base.grains).call(fun, arg, kwarg, base);
}

async function fired(): Promise<BusEvent[]> {
  const page = await bus.poll(cursor);
  cursor = page.cursor;
  return page.events;
}

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'brine-event-mod-'));
  bus = new EventBus(consoleLogger('quiet'));
  cursor = (await bus.poll(undefined)).cursor;
});

afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

test("event.send builds Salt's dict: environ, grains, pillar, env opts, keywords, then data's keys, which win", async () => {
  process.env.BRINE_EVENT_TEST = 'yes';
  try {
    expect(await call('event.send', ['my/tag', '{"a": 1, "k": "from-data"}', 'k=kw', 'n=2', 'with_grains=[os]', 'with_pillar=[app]', 'with_env=[BRINE_EVENT_TEST]', 'with_env_opts=True'])).toBe(true);
  } finally {
    delete process.env.BRINE_EVENT_TEST;
  }
  const [e] = await fired();
  expect(e.tag).toBe('my/tag');
  expect(e.data.data).toEqual({ environ: { BRINE_EVENT_TEST: 'yes' }, grains: { os: 'Debian' }, pillar: { app: { port: 80 } }, saltenv: null, pillarenv: null, k: 'from-data', n: 2, a: 1 });
  expect(Object.keys(e.data.data as object)).toEqual(['environ', 'grains', 'pillar', 'saltenv', 'pillarenv', 'k', 'n', 'a']);
  expect(e.data).toMatchObject({ id: 'minion1', cmd: '_minion_event', pretag: null, tag: 'my/tag' });
});

test('event.send with_grains=True sends every grain; without options, data alone (non-dict data is ignored, as Salt)', async () => {
  await call('event.send', ['t1', 'with_grains=True']);
  await call('event.send', ['t2', 'data=[1, 2]']);
  const [a, b] = await fired();
  expect(a.data.data).toEqual({ grains: { id: 'minion1', os: 'Debian', kernel: 'Linux' } });
  expect(b.data.data).toEqual({});
});

test("event.fire_master: a job sends Salt's forwarded load (empty data as {}); salt-call and preload send the raw load", async () => {
  await call('event.fire_master', ['""', 'job/tag']);
  await call('event.fire_master', ['hello', 'call/tag'], {}, false);
  await call('event.fire_master', ['{"x": 1}', 'pre/tag', 'preload={"extra": true, "id": "minion2"}']);
  const [job, viaCall, pre] = await fired();
  expect(job.data).toMatchObject({ id: 'minion1', cmd: '_minion_event', pretag: null, data: {}, tag: 'job/tag' });
  expect(Object.keys(viaCall.data)).toEqual(['id', 'tag', 'data', 'cmd', '_stamp']);
  expect(viaCall.data).toMatchObject({ id: 'minion1', tag: 'call/tag', data: 'hello', cmd: '_minion_event' });
  expect(pre.data).toMatchObject({ id: 'minion1', tag: 'pre/tag', data: { x: 1 }, cmd: '_minion_event', extra: true });
});

test("the master's refusals are errors for the caller; an unreachable master is False", async () => {
  await expect(call('event.send', ['salt/minion/minion2/start'])).rejects.toThrow(SaltInvocationError);
  const down: MasterEvents = { fire: () => Promise.reject(new SaltReqTimeoutError('Message timed out')) };
  expect(await call('event.send', ['my/tag'], { events: down })).toBe(false);
  const flooded: MasterEvents = { fire: () => Promise.reject(new CommandExecutionError('Event refused: minion minion1 fires more than 100 events a second (bursts of 200)')) };
  await expect(call('event.fire_master', ['{}', 'my/tag'], { events: flooded })).rejects.toThrow(/more than 100 events a second/);
  expect(await fired()).toEqual([]);
});

test('without a master: fire_master is False, send and fire say there is no local bus', async () => {
  expect(await call('event.fire_master', ['{}', 'x'], { events: undefined })).toBe(false);
  await expect(call('event.send', ['x'], { events: undefined })).rejects.toThrow(/brine minions have no local event bus/);
  await expect(call('event.fire', ['{}', 'x'])).rejects.toThrow(CommandExecutionError);
});
