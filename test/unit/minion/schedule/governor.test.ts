/**
 * The minion's slot client against the master's real slot table (in process: the sealed channel is what the
 * integration test covers), and against a master that never answers.
 */
import { SaltConfigurationError, SaltInvocationError, SaltReqTimeoutError } from '@brine/core/errors';
import { consoleLogger } from '@brine/core/log';
import type { SlotAcquireLoad, SlotReleaseLoad } from '@brine/core/protocol/v1/minion-requests';
import { Governor } from '@brine/master/governor';
import { parseEntry, type ScheduleEntry } from '@brine/minion/schedule/entry';
import { DEFAULT_LEASE_S, DEFAULT_WAIT_S, SlotClient, slotPolicy, slotSpec, type SlotClientOptions, type SlotSpec } from '@brine/minion/schedule/governor';

const quiet = consoleLogger('quiet');

/** Minion `id`'s requests, served by `g` as the master's request handler serves them (for the sealing id). */
function channelTo(g: Governor, id: string): SlotClientOptions['channel'] {
  return {
    _slot_acquire: async (load: SlotAcquireLoad) => g.acquire(id, load),
    _slot_release: async (load: SlotReleaseLoad) => g.release(id, load),
  };
}

/** A master that never answers: every request times out. */
const silentMaster: SlotClientOptions['channel'] = {
  _slot_acquire: async () => {
    throw new SaltReqTimeoutError('Message timed out after 5 seconds (req)');
  },
  _slot_release: async () => {
    throw new SaltReqTimeoutError('Message timed out after 5 seconds (req)');
  },
};

/** A slot client of a minion whose master is reached through `channel`, with the run policy's defaults. */
function client(channel: SlotClientOptions['channel'], over: Partial<SlotClientOptions> = {}) {
  const c = new SlotClient({ channel, unreachable: 'run', timeout: 30, log: quiet, ...over });
  return {
    /** One run of `body` as the scheduler makes it: take a slot, run, release (whatever the outcome). */
    run: async <T>(spec: SlotSpec, body: () => Promise<T>) => {
      const taken = await c.take('apply', spec);
      if ('skip' in taken) return { skip: taken.skip };
      try {
        return { slot: taken.slot, value: await body() };
      } finally {
        await taken.release();
      }
    },
  };
}

const spec = { group: 'state_apply', limit: 1, lease: 60, wait: 20 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let g: Governor;
beforeEach(() => (g = new Governor(new Map(), quiet)));
afterEach(() => g.close());

test('a run holds a slot while it runs and releases it after; a second minion waits for it', async () => {
  const log: string[] = [];
  const body = (who: string, ms: number) => async () => {
    log.push(`${who} start`);
    await sleep(ms);
    log.push(`${who} end`);
    return who;
  };
  const a = client(channelTo(g, 'm1')).run(spec, body('m1', 300));
  await sleep(50);
  expect(g.status().state_apply.holders.map((h) => h.minion)).toEqual(['m1']);
  const b = client(channelTo(g, 'm2')).run(spec, body('m2', 10));
  expect(await a).toEqual({ slot: true, value: 'm1' });
  expect(await b).toEqual({ slot: true, value: 'm2' });
  expect(log).toEqual(['m1 start', 'm1 end', 'm2 start', 'm2 end']);
  expect(g.status()).toEqual({});
});

test('a run that gets no slot within concurrency_wait is skipped, and leaves no place in the queue', async () => {
  await g.acquire('holder', { group: 'state_apply', run: 'x', limit: 1, lease: 600, wait: 0 });
  let ran = false;
  const r = await client(channelTo(g, 'm2')).run({ ...spec, wait: 1 }, async () => (ran = true));
  expect(r).toEqual({ skip: 'no slot of concurrency group state_apply (limit 1, 1 held, 0 waiting) within 1 s' });
  expect(ran).toBe(false);
  expect(g.status().state_apply.waiting).toEqual([]);
});

test("a failing run still releases its slot, and its error is the caller's", async () => {
  const r = client(channelTo(g, 'm1')).run(spec, async () => {
    throw new Error('boom');
  });
  await expect(r).rejects.toThrow('boom');
  expect(g.status()).toEqual({});
});

test('a long run renews its lease, so its slot outlives the lease', async () => {
  const r = client(channelTo(g, 'm1')).run({ ...spec, lease: 1 }, () => sleep(2500));
  await sleep(2000);
  expect((await g.acquire('m2', { group: 'state_apply', run: 'j1', limit: 1, lease: 1, wait: 0 })).granted).toBe(false);
  await r;
  expect((await g.acquire('m2', { group: 'state_apply', run: 'j1', limit: 1, lease: 1, wait: 0 })).granted).toBe(true);
});

test('a master that refuses (no limit for the group) skips the run', async () => {
  let ran = false;
  const r = await client(channelTo(g, 'm1')).run({ group: 'nolimit', lease: 60, wait: 5 }, async () => (ran = true));
  expect(ran).toBe(false);
  expect(r).toEqual({ skip: expect.stringContaining('has no limit') });
});

test("an unreachable master: 'run' runs without a slot after concurrency_timeout, 'skip' skips", async () => {
  const t0 = Date.now();
  expect(await client(silentMaster, { timeout: 1 }).run(spec, async () => 'done')).toEqual({ slot: false, value: 'done' });
  expect(Date.now() - t0).toBeGreaterThanOrEqual(1000);
  let ran = false;
  expect(await client(silentMaster, { timeout: 1, unreachable: 'skip' }).run(spec, async () => (ran = true))).toEqual({
    skip: 'the master did not answer for 1 s (concurrency_unreachable: skip)',
  });
  expect(ran).toBe(false);
});

test('a stopping minion skips a run still waiting for a slot', async () => {
  await g.acquire('holder', { group: 'state_apply', run: 'x', limit: 1, lease: 600, wait: 0 });
  const stop = new AbortController();
  const r = client(channelTo(g, 'm2'), { signal: stop.signal }).run({ ...spec, wait: 60 }, async () => 'ran');
  await sleep(50);
  stop.abort();
  // The held request ends when the master answers (here: it closes), then the client sees the stop.
  g.close();
  expect(await r).toEqual({ skip: 'the minion is stopping' });
});

test('slotSpec reads the entry keys with their defaults and refuses bad ones', () => {
  expect(slotSpec({ function: 'test.ping' })).toBeUndefined();
  expect(slotSpec({ concurrency_group: 'state_apply', concurrency_limit: 3 })).toEqual({ group: 'state_apply', limit: 3, lease: DEFAULT_LEASE_S, wait: DEFAULT_WAIT_S });
  expect(slotSpec({ concurrency_group: 'g', concurrency_lease: 900, concurrency_wait: 0 })).toEqual({ group: 'g', lease: 900, wait: 0 });
  expect(() => slotSpec({ concurrency_group: 'a b' })).toThrow(SaltInvocationError);
  expect(() => slotSpec({ concurrency_group: 'g', concurrency_limit: 0 })).toThrow('concurrency_limit must be a whole number from 1 to 10000, not 0');
  expect(() => slotSpec({ concurrency_group: 'g', concurrency_lease: '60' })).toThrow(SaltInvocationError);
});

test('slotPolicy checks the minion config keys', () => {
  expect(slotPolicy({ concurrency_unreachable: 'skip', concurrency_timeout: 5 })).toEqual({ unreachable: 'skip', timeout: 5 });
  expect(() => slotPolicy({ concurrency_unreachable: 'maybe' as 'run', concurrency_timeout: 5 })).toThrow(SaltConfigurationError);
  expect(() => slotPolicy({ concurrency_unreachable: 'run', concurrency_timeout: 0 })).toThrow(SaltConfigurationError);
});

test("the scheduler's hook: an entry without concurrency_group runs at once, one with it takes and releases a slot", async () => {
  const entry = (job: Record<string, unknown>) => parseEntry('apply', { function: 'test.ping', seconds: 60, ...job }) as ScheduleEntry;
  const hook = new SlotClient({ channel: channelTo(g, 'm1'), unreachable: 'run', timeout: 30, log: quiet }).beforeRun;
  const free = await hook(entry({}));
  expect(typeof free).toBe('function');
  expect(g.status()).toEqual({});
  const governed = entry({ concurrency_group: 'state_apply', concurrency_limit: 1, concurrency_wait: 0 });
  expect(governed.concurrency).toEqual({ group: 'state_apply', limit: 1, lease: DEFAULT_LEASE_S, wait: 0 });
  const release = await hook(governed);
  expect(g.status().state_apply.holders).toEqual([{ minion: 'm1', run: expect.stringMatching(/^apply:[0-9a-f]{16}$/), expires: expect.any(String) }]);
  // The limit is reached: a second run is skipped.
  expect(await hook(governed)).toBe('skip');
  (release as () => void)();
  await sleep(10);
  expect(g.status()).toEqual({});
  // A bad key makes the entry unusable, as the scheduler reports it.
  expect(parseEntry('apply', { function: 'test.ping', seconds: 60, concurrency_group: 'a b' })).toMatch(/^Job apply: concurrency_group must be/);
});
