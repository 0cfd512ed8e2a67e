import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SaltInvocationError } from '@brine/core/errors';
import { MINE_MAX_BYTES } from '@brine/core/protocol/v1/constants';
import { expectedMinions } from '@brine/master/ck-minions';
import { Mine, mineFunctions, unwrapEntry } from '@brine/master/mine';
import { MinionData } from '@brine/master/minion-data';

const ACCEPTED = ['minion1', 'minion2', 'minion3'];
let dir: string;
let data: MinionData;
let mine: Mine;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'brine-mine-'));
  data = MinionData.open(dir);
  mine = new Mine(data, (t) => expectedMinions(t.tgt, t.tgt_type, ACCEPTED, (id) => data.facts(id)));
});

afterEach(async () => {
  await data.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("the master's mine", () => {
  it('keeps each minion\'s data under its own id, merged unless cleared', async () => {
    await mine.store('minion1', { data: { a: 1, b: 2 }, clear: false });
    await mine.store('minion1', { data: { b: 3 }, clear: false });
    await mine.store('minion2', { data: { a: 'two' }, clear: false });
    expect(data.mine('minion1')).toEqual({ a: 1, b: 3 });
    await mine.store('minion1', { data: { c: true }, clear: true });
    expect(data.mine('minion1')).toEqual({ c: true });
    expect(data.mine('minion2')).toEqual({ a: 'two' });
  });

  it('answers {minion: data} for one function and {function: {minion: data}} for several, for targeted minions only', async () => {
    await mine.store('minion1', { data: { a: 1, b: 2 }, clear: false });
    await mine.store('minion2', { data: { a: 'two' }, clear: false });
    expect(mine.get('minion3', { tgt: '*', tgt_type: 'glob', fun: 'a' })).toEqual({ minion1: 1, minion2: 'two' });
    expect(mine.get('minion3', { tgt: 'minion2', tgt_type: 'glob', fun: 'b' })).toEqual({});
    expect(mine.get('minion3', { tgt: ['minion1'], tgt_type: 'list', fun: 'a,b' })).toEqual({ a: { minion1: 1 }, b: { minion1: 2 } });
    expect(mine.get('minion3', { tgt: '*', tgt_type: 'glob', fun: ['b'] })).toEqual({ b: { minion1: 2 } });
  });

  it("honours an entry's allow_tgt: only the minions it selects read it", async () => {
    const wrapped = { __data__: 's3cret', __saltmine_acl__: 1, allow_tgt: 'minion3', allow_tgt_type: 'glob' };
    await mine.store('minion1', { data: { secret: wrapped, open: { __data__: 'o', __saltmine_acl__: 1 } }, clear: false });
    expect(mine.get('minion2', { tgt: '*', tgt_type: 'glob', fun: 'secret' })).toEqual({});
    expect(mine.get('minion3', { tgt: '*', tgt_type: 'glob', fun: 'secret' })).toEqual({ minion1: 's3cret' });
    expect(mine.get('minion2', { tgt: '*', tgt_type: 'glob', fun: 'open' })).toEqual({ minion1: 'o' });
  });

  it('lets nobody read an entry whose ACL is malformed', () => {
    expect(unwrapEntry({ __data__: 1, __saltmine_acl__: 1, allow_tgt: 'x', allow_tgt_type: 'bogus' }).allow).toEqual({ tgt: [], tgt_type: 'list' });
    expect(unwrapEntry({ __data__: 1, __saltmine_acl__: 1, allow_tgt: { not: 'a target' } }).allow).toEqual({ tgt: [], tgt_type: 'list' });
    expect(unwrapEntry({ plain: 1 })).toEqual({ data: { plain: 1 } });
  });

  it('refuses more than MINE_MAX_BYTES and bad function names, storing nothing', async () => {
    await expect(mine.store('minion1', { data: { big: 'x'.repeat(MINE_MAX_BYTES) }, clear: false })).rejects.toBeInstanceOf(SaltInvocationError);
    await expect(mine.store('minion1', { data: { '': 1 }, clear: false })).rejects.toBeInstanceOf(SaltInvocationError);
    await expect(mine.store('minion1', { data: { ['f'.repeat(300)]: 1 }, clear: false })).rejects.toBeInstanceOf(SaltInvocationError);
    expect(data.mine('minion1')).toBeUndefined();
  });

  it('deletes one function or the whole mine, saying whether there was something', async () => {
    await mine.store('minion1', { data: { a: 1, b: 2 }, clear: false });
    await expect(mine.delete('minion1', 'a')).resolves.toBe(true);
    await expect(mine.delete('minion1', 'a')).resolves.toBe(false);
    expect(data.mine('minion1')).toEqual({ b: 2 });
    await expect(mine.delete('minion1')).resolves.toBe(true);
    await expect(mine.delete('minion1')).resolves.toBe(false);
    expect(data.mineIds()).toEqual([]);
  });

  it("forgets a minion's mine with its data, and when its key is gone at start", async () => {
    await mine.store('minion1', { data: { a: 1 }, clear: false });
    await mine.store('minion2', { data: { a: 2 }, clear: false });
    await data.remove('minion1');
    expect(data.mineIds()).toEqual(['minion2']);
    await expect(data.prune(new Set(['minion1']))).resolves.toBe(1);
    expect(data.mineIds()).toEqual([]);
  });

  it("splits function names as Salt's _mine_get", () => {
    expect(mineFunctions('a')).toEqual({ names: ['a'], many: false });
    expect(mineFunctions('a,b,a')).toEqual({ names: ['a', 'b'], many: true });
    expect(mineFunctions(['a'])).toEqual({ names: ['a'], many: true });
  });
});
