import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '@brine/core/config/load';
import { MASTER_SCHEMA, type MasterConfig } from '@brine/core/config/master';
import { EventBus } from '@brine/master/events/bus';
import { EventReturn } from '@brine/master/events/event-return';
import { until } from '../../helpers/until';
import { recordingLogger } from '../../returners/log';

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'brine-evret-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function config(extra: Record<string, unknown>): MasterConfig {
  return loadConfig(MASTER_SCHEMA, path.join(dir, 'etc'), 'master', { root_dir: dir, ...extra }).config;
}
const lines = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trimEnd().split('\n').filter(Boolean).map((l) => JSON.parse(l)) : []);

test('without event_return nothing taps the bus, which still builds no event data', () => {
  const bus = new EventBus(recordingLogger());
  expect(EventReturn.start(config({}), bus, recordingLogger())).toBeUndefined();
  let built = 0;
  bus.fire('t', () => ({ n: ++built }));
  expect(built).toBe(0);
});

test('event_return: rawfile_json writes every event, {tag, data} with _stamp, in order, without a subscriber; its default file is under root_dir', async () => {
  const c = config({ event_return: 'rawfile_json' });
  const bus = new EventBus(recordingLogger());
  const er = EventReturn.start(c, bus, recordingLogger())!;
  for (let i = 0; i < 5; i++) bus.fire(`salt/job/${i}/new`, () => ({ jid: String(i) }));
  await er.close();
  const file = path.join(dir, 'var/log/salt/events');
  const got = lines(file);
  expect(got.map((e) => e.tag)).toEqual([0, 1, 2, 3, 4].map((i) => `salt/job/${i}/new`));
  expect(got[0].data).toEqual({ jid: '0', _stamp: expect.stringMatching(/^\d{4}-.*\.\d{6}$/) });
  // The bus kept nothing for subscribers.
  expect((await bus.poll(0)).events).toEqual([]);
});

test('events of one turn go as one batch; event_return_queue batches by count; white/blacklists filter by tag glob', async () => {
  const file = path.join(dir, 'ev');
  const c = config({ event_return: ['rawfile_json'], 'rawfile_json.filename': file, event_return_queue: 3, event_return_whitelist: ['salt/job/*'], event_return_blacklist: ['salt/job/*/ret/*'] });
  const bus = new EventBus(recordingLogger());
  const er = EventReturn.start(c, bus, recordingLogger())!;
  bus.fire('salt/job/1/new', () => ({}));
  bus.fire('salt/auth', () => ({}));
  bus.fire('salt/job/1/ret/m1', () => ({}));
  bus.fire('salt/job/2/new', () => ({}));
  await new Promise((r) => setTimeout(r, 50));
  expect(lines(file)).toEqual([]); // 2 of 3: the batch is not full
  bus.fire('salt/job/3/new', () => ({}));
  await until(() => lines(file).length === 3, 'the full batch');
  expect(lines(file).map((e) => e.tag)).toEqual(['salt/job/1/new', 'salt/job/2/new', 'salt/job/3/new']);
  await er.close();
});

test('an unknown event returner is logged as Salt logs it, and nothing is tapped', () => {
  const log = recordingLogger();
  expect(EventReturn.start(config({ event_return: 'mysql' }), new EventBus(log), log)).toBeUndefined();
  expect(log.lines).toContainEqual(['error', "Could not store return for event(s) - returner 'mysql' not found."]);
});

test('a returner that fails spools the batches and sends them, in order, once it works again', async () => {
  const file = path.join(dir, 'blocked', 'ev');
  fs.writeFileSync(path.join(dir, 'blocked'), ''); // a file where its folder should be: writes fail
  const c = config({ event_return: 'rawfile_json', 'rawfile_json.filename': file });
  const bus = new EventBus(recordingLogger());
  const er = EventReturn.start(c, bus, recordingLogger())!;
  bus.fire('a', () => ({}));
  await new Promise((r) => setImmediate(r));
  bus.fire('b', () => ({}));
  await until(() => fs.existsSync(path.join(dir, 'var/cache/salt/master/spool/event_return/rawfile_json')) && fs.readdirSync(path.join(dir, 'var/cache/salt/master/spool/event_return/rawfile_json')).length === 2, 'two spooled batches');
  fs.rmSync(path.join(dir, 'blocked'));
  await until(() => lines(file).length === 2, 'the retry', 5000);
  expect(lines(file).map((e) => e.tag)).toEqual(['a', 'b']);
  await er.close();
});
