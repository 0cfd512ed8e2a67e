/**
 * minion_publisher_acl: which user may run which function on this minion (full regex matches, entries by name or
 * user regex adding up, job tracking always allowed), the config errors that stop a minion, and the job runner
 * refusing a published job without running it or its returners while the minion's schedule runs unjudged.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '@brine/core/config/load';
import { MINION_SCHEMA, type MinionConfig } from '@brine/core/config/minion';
import { SaltConfigurationError } from '@brine/core/errors';
import type { Loader } from '@brine/core/loader/loader';
import type { JobLoad, ReturnLoad } from '@brine/core/protocol/v1/loads';
import type { MasterChannel } from '@brine/minion/channel';
import type { ExecEnv } from '@brine/minion/executor';
import { JobRunner } from '@brine/minion/jobs';
import { MinionPublisherAcl } from '@brine/minion/publisher-acl';
import type { ReturnerDispatch } from '@brine/minion/returner-dispatch';
import type { ReturnSpool } from '@brine/minion/return-spool';
import { recordingLogger } from '../returners/log';

const FILE = '/etc/salt/minion';
const compile = (acl: unknown) => MinionPublisherAcl.fromConfig({ minion_publisher_acl: acl as MinionConfig['minion_publisher_acl'], conf_file: FILE });

describe('functions that run the function their arguments name', () => {
  it('a regex such as test.* does not permit test.cross_test, test.try, mine.send, mine.update, schedule.add or schedule.modify; their exact names do', () => {
    const acl = compile({ alice: ['test.*', 'mine.*', 'schedule\\..*'], bob: ['test\\.cross_test', 'mine.send'] })!;
    expect(acl.permits('alice', 'test.ping')).toBe(true);
    expect(acl.permits('alice', 'mine.get')).toBe(true);
    expect(acl.permits('alice', 'schedule.list')).toBe(true);
    for (const fun of ['test.cross_test', 'test.try', 'mine.send', 'mine.update', 'schedule.add', 'schedule.modify']) expect(acl.permits('alice', fun)).toBe(false);
    expect(acl.permits('bob', 'test.cross_test')).toBe(true);
    expect(acl.permits('bob', 'mine.send')).toBe(true);
  });
});

describe('the matcher', () => {
  const acl = compile({ root: ['test.*', 'grains.items'], 'ops-.*': ['service\\.(status|restart)'], alice: ['cmd.run'], 'al.ce': ['disk.usage'] })!;

  test.each([
    ['root', 'test.ping', true],
    ['root', 'grains.items', true],
    ['root', 'grains.items_extra', false], // a function regex matches the whole name
    ['root', 'xtest.ping', false],
    ['root', 'cmd.run', false],
    ['ops-web', 'service.restart', true], // a user key is a regex fully matching the user
    ['ops-web', 'service.stop', false],
    ['xops-web', 'service.restart', false],
    ['alice', 'cmd.run', true],
    ['alice', 'disk.usage', true], // every entry matching the user adds its functions ('al.ce' matches alice)
    ['bob', 'test.ping', false], // a user no entry names may run nothing
    ['bob', 'saltutil.find_job', true], // job tracking always passes (Salt's whitelist of saltutil.find_job)
    ['bob', 'saltutil.running', true],
    ['bob', 'saltutil.kill_job', false],
  ])('%s may run %s: %s', (user, fun, want) => {
    expect(acl.permits(user, fun)).toBe(want);
  });

  test('an empty list refuses everything but job tracking', () => {
    const none = compile({})!;
    expect(none.permits('root', 'test.ping')).toBe(false);
    expect(none.permits('root', 'saltutil.find_job')).toBe(true);
  });

  test("a refusal names the function and the user in Salt's words", () => {
    expect(acl.refusal({ user: 'root', fun: 'cmd.run' })).toBe("'cmd.run' is not permitted for user 'root' by this minion's minion_publisher_acl");
    expect(acl.refusal({ user: 'root', fun: 'test.ping' })).toBeUndefined();
  });
});

describe('the config', () => {
  test('the minion config file takes the mapping as written', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'brine-mpacl-'));
    try {
      fs.writeFileSync(path.join(dir, 'minion'), "minion_publisher_acl:\n  root:\n    - test.*\n  'ops-.*': ['service\\.status']\n");
      const { config } = loadConfig(MINION_SCHEMA, dir, 'minion');
      const acl = MinionPublisherAcl.fromConfig(config)!;
      expect(acl.permits('root', 'test.ping')).toBe(true);
      expect(acl.permits('ops-db', 'service.status')).toBe(true);
      expect(acl.permits('ops-db', 'test.ping')).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('unset means no list: every published job may run', () => {
    expect(compile(null)).toBeUndefined();
  });

  test.each([
    ['a list', ['test.*'], 'minion_publisher_acl must map users to lists of function regexes'],
    ['a string for a list', { root: 'test.*' }, 'user "root" must map to a list of function regexes'],
    ["Salt's target entries", { root: [{ 'web*': ['test.*'] }] }, 'user "root" must map to a list of function regexes'],
    ['a bad function regex', { root: ['test.(ping'] }, 'function "test.(ping" is not a valid regular expression'],
    ['a bad user regex', { 'ops[': ['test.*'] }, 'user "ops[" is not a valid regular expression'],
  ])('%s stops the minion with an error naming the file', (_name, acl, msg) => {
    expect(() => compile(acl)).toThrow(SaltConfigurationError);
    expect(() => compile(acl)).toThrow(`Error in configuration file: ${FILE} - `);
    expect(() => compile(acl)).toThrow(msg);
  });
});

describe('the job runner', () => {
  const job: JobLoad = { jid: '20260101000000000001', tgt: 'm1', tgt_type: 'glob', fun: 'cmd.run', arg: ['touch /tmp/x'], kwarg: {}, user: 'root', ret: 'local_file', acl: { rule: 'publisher_acl:root' } };

  function runner() {
    const sent: ReturnLoad[] = [];
    const called: string[] = [];
    const dispatched: string[] = [];
    const log = recordingLogger();
    const channel = { _return: async (ret: ReturnLoad) => void sent.push(ret) } as unknown as MasterChannel;
    const loader = { resolve: () => ({ args: [] }), call: async (fun: string) => void called.push(fun) } as unknown as Loader;
    const env = { id: 'm1', opts: {}, grains: {}, pillar: {}, files: {}, log } as unknown as ExecEnv;
    const spool = { keep: () => true, drop: () => undefined, pending: () => [] } as unknown as ReturnSpool;
    const returners = { dispatch: async (j: JobLoad) => void dispatched.push(j.jid) } as unknown as ReturnerDispatch;
    const config = { id: 'm1', return_retry_tries: 1, return_retry_timer: 5 } as MinionConfig;
    const r = new JobRunner(loader, () => env, channel, spool, config, log, new AbortController().signal, returners, compile({ root: ['test.*'] }));
    return { r, sent, called, dispatched, log };
  }

  test('a refused published job does not run, nor do its returners; its return and a warning say why', async () => {
    const { r, sent, called, dispatched, log } = runner();
    await r.execute(job);
    expect(called).toEqual([]);
    expect(dispatched).toEqual([]);
    expect(sent).toEqual([
      expect.objectContaining({
        jid: job.jid,
        id: 'm1',
        fun: 'cmd.run',
        fun_args: ['touch /tmp/x'],
        return: "'cmd.run' is not permitted for user 'root' by this minion's minion_publisher_acl",
        retcode: 1,
        success: false,
      }),
    ]);
    expect(log.lines).toContainEqual([
      'warning',
      `Refusing job ${job.jid}: 'cmd.run' is not permitted for user 'root' by this minion's minion_publisher_acl (the master allowed it by rule publisher_acl:root)`,
    ]);
  });

  test('an allowed published job runs', async () => {
    const { r, sent, called } = runner();
    await r.execute({ ...job, fun: 'test.ping', arg: [] });
    expect(called).toEqual(['test.ping']);
    expect(sent[0]).toMatchObject({ fun: 'test.ping', success: true, retcode: 0 });
  });

  test("the minion's own schedule is not judged", async () => {
    const { r, called } = runner();
    const ret = await r.executeScheduled({ job: { ...job, ret: undefined }, schedule: 'touch', returnFields: { schedule: 'touch', fun_args: ['touch /tmp/x'] }, returnJob: false });
    expect(called).toEqual(['cmd.run']);
    expect(ret.success).toBe(true);
  });
});
