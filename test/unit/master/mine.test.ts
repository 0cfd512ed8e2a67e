import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SaltInvocationError } from '@brine/core/errors';
import { MINE_GET_MAX_BYTES, MINE_MAX_BYTES, type TargetType } from '@brine/core/protocol/v1/constants';
import { expectedMinions } from '@brine/master/ck-minions';
import { Mine, aclAllows, mineFunctions, unwrapEntry, type MineGetAcl } from '@brine/master/mine';
import { MinionData } from '@brine/master/minion-data';

const ACCEPTED = ['minion1', 'minion2', 'minion3'];
let dir: string;
let data: MinionData;
let mine: Mine;

/** A Mine over `accepted` minions with the master-side ACL `acl`. */
function mineOf(accepted: string[], acl: MineGetAcl = null): Mine {
  return new Mine(data, (t) => expectedMinions(t.tgt, t.tgt_type, accepted, (id) => data.facts(id)), acl);
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'brine-mine-'));
  data = MinionData.open(dir);
  mine = mineOf(ACCEPTED);
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

  it.each<[TargetType, string]>([
    ['compound', 'minion1 and I@db:password:a*'],
    ['pillar', 'db:password:a*'],
    ['pcre', '(.*.*)*!'],
    ['grain_pcre', 'os:(a+)+$'],
    ['pillar_pcre', 'db:.*'],
    ['nodegroup', 'group1'],
    ['ipcidr', '10.0.0.0/8'],
  ])('refuses a %s target from a minion (pillar oracle, regexes on the master): %s', async (tgt_type, tgt) => {
    await data.set('minion1', { os: 'Debian' }, { db: { password: 'abc' } });
    await mine.store('minion1', { data: { a: 1 }, clear: false });
    expect(() => mine.get('minion2', { tgt, tgt_type, fun: 'a' })).toThrow(SaltInvocationError);
    expect(() => mine.get('minion2', { tgt, tgt_type, fun: 'a' })).toThrow(`mine.get: target type '${tgt_type}' is not allowed in the mine; use one of glob, list, grain`);
  });

  it('refuses an overlong target and a grain target walking too many keys or wildcards', async () => {
    await data.set('minion1', { os: 'Debian' }, {});
    await mine.store('minion1', { data: { a: 1 }, clear: false });
    expect(() => mine.get('minion2', { tgt: '*'.repeat(1025), tgt_type: 'glob', fun: 'a' })).toThrow(/target of 1025 characters, more than the 1024/);
    expect(() => mine.get('minion2', { tgt: Array(300).fill('minion1'), tgt_type: 'list', fun: 'a' })).toThrow(/more than the 1024/);
    expect(() => mine.get('minion2', { tgt: '*:*:x', tgt_type: 'grain', fun: 'a' })).toThrow(/grain target walks 2 keys \(2 of them '\*'\)/);
    expect(() => mine.get('minion2', { tgt: 'a:'.repeat(9) + 'x', tgt_type: 'grain', fun: 'a' })).toThrow(/walks 9 keys/);
    expect(mine.get('minion2', { tgt: 'os:deb*', tgt_type: 'grain', fun: 'a' })).toEqual({ minion1: 1 });
  });

  it('refuses to store an allow_tgt of a type a minion may not use, or overlong, storing nothing', async () => {
    const acl = (allow_tgt: unknown, allow_tgt_type: unknown) => ({ __data__: 's', __saltmine_acl__: 1, allow_tgt, allow_tgt_type });
    await expect(mine.store('minion1', { data: { s: acl('E@(.*.*)*!', 'compound') }, clear: false })).rejects.toThrow(/Mine entry "s": target type 'compound' is not allowed/);
    await expect(mine.store('minion1', { data: { s: acl('db:*', 'pillar') }, clear: false })).rejects.toThrow(SaltInvocationError);
    await expect(mine.store('minion1', { data: { s: acl('x'.repeat(2000), 'glob') }, clear: false })).rejects.toThrow(/2000 characters/);
    await expect(mine.store('minion1', { data: { s: acl({ not: 'a target' }, 'glob') }, clear: false })).rejects.toThrow(/allow_tgt must be a string/);
    expect(data.mine('minion1')).toBeUndefined();
    await expect(mine.store('minion1', { data: { s: acl('minion*', null), t: acl(['minion2'], 'list') }, clear: false })).resolves.toBe(true);
  });

  it('denies only the entry whose allow_tgt does not resolve or is refused, never the whole get', async () => {
    // Passes the store check (a glob) but the matcher refuses it: `[z-a]`.
    await mine.store('minion1', { data: { a: { __data__: 'hidden', __saltmine_acl__: 1, allow_tgt: 'm[z-a]', allow_tgt_type: 'glob' } }, clear: false });
    // Stored by an older master, before allow_tgt was checked at store time.
    await data.setMine('minion2', { a: { __data__: 'old', __saltmine_acl__: 1, allow_tgt: '(.*.*)*!', allow_tgt_type: 'pcre' } });
    await mine.store('minion3', { data: { a: 'open' }, clear: false });
    expect(mine.get('minion3', { tgt: '*', tgt_type: 'glob', fun: 'a' })).toEqual({ minion3: 'open' });
  });

  it('keeps function names and minion ids such as constructor, toString and keys as plain data', async () => {
    const ids = mineOf(['keys', 'minion1']);
    await ids.store('keys', { data: { constructor: 'c', toString: 't', hasOwnProperty: 'h' }, clear: false });
    const got = ids.get('minion1', { tgt: '*', tgt_type: 'glob', fun: 'constructor,toString,hasOwnProperty' });
    expect(typeof Object.keys).toBe('function');
    expect(Object.getPrototypeOf(got)).toBeNull();
    expect({ ...got }).toEqual({ constructor: { keys: 'c' }, toString: { keys: 't' }, hasOwnProperty: { keys: 'h' } });
    expect({ ...ids.get('minion1', { tgt: 'keys', tgt_type: 'glob', fun: 'toString' }) }).toEqual({ keys: 't' });
  });

  it('refuses a get whose data passes MINE_GET_MAX_BYTES, with a clear error', async () => {
    const many = Array.from({ length: 10 }, (_, i) => `m${i}`);
    const big = mineOf(many);
    for (const id of many) await big.store(id, { data: { a: 'x'.repeat(MINE_GET_MAX_BYTES / 9) }, clear: false });
    expect(() => big.get('m0', { tgt: '*', tgt_type: 'glob', fun: 'a' })).toThrow(`mine.get refused: the data asked for passes the ${MINE_GET_MAX_BYTES} bytes one reply may carry; target fewer minions or functions`);
    expect(Object.keys(big.get('m0', { tgt: 'm[0-7]', tgt_type: 'glob', fun: 'a' }))).toHaveLength(8);
  });

  it("follows the master's mine_get ACL: minion regex -> function regexes, matched at the start", async () => {
    await mine.store('minion1', { data: { 'network.ip_addrs': ['10.0.0.1'], secret: 's' }, clear: false });
    const acl = mineOf(ACCEPTED, { 'minion[23]': ['network\\.'], minion3: ['sec'] });
    expect({ ...acl.get('minion2', { tgt: '*', tgt_type: 'glob', fun: 'network.ip_addrs,secret' }) }).toEqual({ 'network.ip_addrs': { minion1: ['10.0.0.1'] } });
    expect({ ...acl.get('minion3', { tgt: '*', tgt_type: 'glob', fun: 'secret' }) }).toEqual({ minion1: 's' });
    expect({ ...acl.get('minion1', { tgt: '*', tgt_type: 'glob', fun: 'secret' }) }).toEqual({});
    expect(aclAllows(null, 'any', 'thing')).toBe(true);
    expect(aclAllows(['not', 'a dict'] as unknown as MineGetAcl, 'any', 'thing')).toBe(false);
    expect(aclAllows({ '(': ['.*'] }, 'any', 'thing')).toBe(false);
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
