import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CommandExecutionError, SaltInvocationError } from '@brine/core/errors';
import type { MineAccess } from '@brine/core/loader/define';
import { Loader, type CallContext } from '@brine/core/loader/loader';
import { expectedMinions } from '@brine/master/ck-minions';
import { Mine } from '@brine/master/mine';
import { MinionData } from '@brine/master/minion-data';
import { configuredMineFunctions, parseMineFunction } from '@brine/modules/mine';
import { MODULES } from '@brine/modules/index';
import { parseCliArgs } from '@brine/core/loader/args';
import { callContext, minionConfig } from '../helpers/exec-context';

let dir: string;
let data: MinionData;
let master: Mine;

/** This minion's way to the master's mine: the master's own Mine, acting for `id` as the sealed requests do. */
function access(id: string): MineAccess {
  return {
    store: (d, clear) => master.store(id, { data: d, clear }),
    delete: (fun) => master.delete(id, fun),
    get: async (tgt, fun, tgtType) => master.get(id, { tgt, fun, tgt_type: tgtType }),
  };
}

/** Run `fun` with CLI words on minion `id`, whose config and pillar are `extra`'s. */
function call(id: string, fun: string, words: string[], extra: Partial<CallContext> = {}): Promise<unknown> {
  const base = callContext(dir, { id }, new AbortController().signal, { opts: minionConfig(dir, { id }), mine: access(id), ...extra });
  const { arg, kwarg } = parseCliArgs(words);
  return new Loader(MODULES, base.opts, { id }).call(fun, arg, kwarg, base);
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'brine-mine-mod-'));
  data = MinionData.open(path.join(dir, 'master'));
  master = new Mine(data, (t) => expectedMinions(t.tgt, t.tgt_type, ['minion1', 'minion2'], (id) => data.facts(id)));
});

afterEach(async () => {
  await data.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('parsing mine_functions as Salt', () => {
  it.each<[unknown, ReturnType<typeof parseMineFunction>]>([
    [['eth0', { cidr: '10.0.0.0/8' }], { fun: undefined, args: ['eth0'], kwargs: { cidr: '10.0.0.0/8' }, allowTgt: undefined, allowTgtType: undefined }],
    [{ mine_function: 'network.ip_addrs', interface: 'eth0' }, { fun: 'network.ip_addrs', args: [], kwargs: { interface: 'eth0' }, allowTgt: undefined, allowTgtType: undefined }],
    [[{ mine_function: 'test.echo' }, 'x', { allow_tgt: 'web*', allow_tgt_type: 'glob' }], { fun: 'test.echo', args: ['x'], kwargs: {}, allowTgt: 'web*', allowTgtType: 'glob' }],
    [null, { fun: undefined, args: [], kwargs: {}, allowTgt: undefined, allowTgtType: undefined }],
    ['junk', { fun: undefined, args: [], kwargs: {}, allowTgt: undefined, allowTgtType: undefined }],
  ])('%j', (def, want) => {
    expect(parseMineFunction(def)).toEqual(want);
  });

  it("merges the minion config's entries over the pillar's (config.merge)", () => {
    const opts = minionConfig(dir, { mine_functions: { a: ['from config'] } });
    expect(configuredMineFunctions({ opts, pillar: { mine_functions: { a: ['from pillar'], b: [] } } })).toEqual({ a: ['from config'], b: [] });
    expect(configuredMineFunctions({ opts: minionConfig(dir), pillar: { mine_functions: 'not a dict' } })).toEqual({});
  });
});

describe('the mine module', () => {
  it('mine.update sends the configured functions; mine.get reads them from another minion', async () => {
    const opts = minionConfig(dir, { id: 'minion1', mine_functions: { who: [{ mine_function: 'test.echo' }, 'one'], 'test.true': [] } });
    await expect(call('minion1', 'mine.update', [], { opts, pillar: { mine_functions: { 'test.false': {} } } })).resolves.toBe(true);
    await expect(call('minion2', 'mine.get', ['*', 'who'])).resolves.toEqual({ minion1: 'one' });
    await expect(call('minion2', 'mine.get', ['minion1', 'test.true,test.false'])).resolves.toEqual({ 'test.true': { minion1: true }, 'test.false': { minion1: false } });
  });

  it('mine.update leaves out a failing function and returns None with nothing configured', async () => {
    const opts = minionConfig(dir, { id: 'minion1', mine_functions: { ok: { mine_function: 'test.echo', text: 1 }, bad: { mine_function: 'test.nope' } } });
    await expect(call('minion1', 'mine.update', [], { opts })).resolves.toBe(true);
    expect(data.mine('minion1')).toEqual({ ok: 1 });
    await expect(call('minion2', 'mine.update', [])).resolves.toBeNull();
    expect(data.mine('minion2')).toBeUndefined();
  });

  it('mine.update mine_functions=[...] updates only those functions', async () => {
    await expect(call('minion1', 'mine.update', ['mine_functions=[test.true]'])).resolves.toBe(true);
    expect(data.mine('minion1')).toEqual({ 'test.true': true });
  });

  it('mine.send stores one result under its name, wrapped with allow_tgt when given', async () => {
    await expect(call('minion1', 'mine.send', ['greet', 'mine_function=test.echo', 'hi'])).resolves.toBe(true);
    await expect(call('minion1', 'mine.send', ['test.arg', 'a', 'k=v'])).resolves.toBe(true);
    await expect(call('minion1', 'mine.send', ['private', 'mine_function=test.echo', 'p', 'allow_tgt=minion1'])).resolves.toBe(true);
    expect(data.mine('minion1')).toEqual({
      greet: 'hi',
      'test.arg': { args: ['a'], kwargs: { k: 'v' } },
      private: { __data__: 'p', __saltmine_acl__: 1, allow_tgt: 'minion1', allow_tgt_type: null },
    });
    await expect(call('minion2', 'mine.get', ['*', 'private'])).resolves.toEqual({});
    await expect(call('minion1', 'mine.get', ['*', 'private'])).resolves.toEqual({ minion1: 'p' });
    await expect(call('minion1', 'mine.get', ['*', 'greet', 'exclude_minion=True'])).resolves.toEqual({});
  });

  it('mine.send answers False for a missing or failing function', async () => {
    await expect(call('minion1', 'mine.send', ['nope.nothing'])).resolves.toBe(false);
    await expect(call('minion1', 'mine.send', ['x', 'mine_function=test.sleep', '-1'])).resolves.toBe(false);
    expect(data.mine('minion1')).toBeUndefined();
  });

  it('mine.delete and mine.flush remove this minion\'s data only', async () => {
    await call('minion1', 'mine.send', ['test.true']);
    await call('minion2', 'mine.send', ['test.true']);
    await expect(call('minion1', 'mine.delete', ['test.true'])).resolves.toBe(true);
    await expect(call('minion1', 'mine.delete', ['test.true'])).resolves.toBe(false);
    await expect(call('minion2', 'mine.flush', [])).resolves.toBe(true);
    expect(data.mineIds()).toEqual(['minion1']);
  });

  it('refuses an unknown target type, and works only with a master', async () => {
    await expect(call('minion1', 'mine.get', ['*', 'x', 'tgt_type=bogus'])).rejects.toBeInstanceOf(SaltInvocationError);
    await expect(call('minion1', 'mine.get', ['*', 'x'], { mine: undefined })).rejects.toBeInstanceOf(CommandExecutionError);
  });
});
