import { Loader } from '@brine/core/loader/loader';
import { MODULES } from '@brine/modules/index';
import { callContext, makeHarness, minionConfig, type Harness } from '../helpers/exec-context';

let h: Harness;
let loader: Loader;
const grains = { os: 'Debian', pkg: { apache: 'apache2', nginx: 'nginx' }, shared: 'from grains' };
const pillar = {
  shared: 'from pillar',
  pkg: { apache: 'httpd-pillar', php: 'php8' },
  only_pillar: { list: ['a', 'b'] },
  falsy: 0,
  master: { master_only: 'm', pkg: { mysql: 'mariadb' }, 'redis.host': 'redis.example' },
};
beforeEach(() => {
  h = makeHarness(grains);
  loader = new Loader(MODULES, h.ctx.opts, grains);
});
afterEach(() => h.cleanup());

/** Call with a pillar, as the minion gives one. */
const call = (fun: string, arg: unknown[], kwarg: Record<string, unknown> = {}) =>
  loader.call(fun, arg, kwarg, callContext(h.dir, grains, h.abort.signal, { pillar, opts: minionConfig(h.dir, { id: 'minion1' }) }));

describe('pillar.get', () => {
  it('merges a dict or list default with the pillar value when merge=True, as map.jinja files ask', async () => {
    await expect(call('pillar.get', ['pkg', { apache: 'default', extra: 'x' }], { merge: true })).resolves.toEqual({ apache: 'httpd-pillar', extra: 'x', php: 'php8' });
    await expect(call('pillar.get', ['nosuch', { a: 1 }], { merge: true })).resolves.toEqual({ a: 1 });
    await expect(call('pillar.get', ['only_pillar:list', ['b', 'c']], { merge: true })).resolves.toEqual(['b', 'c', 'a']);
    await expect(call('pillar.get', ['shared', { a: 1 }], { merge: true })).resolves.toBe('from pillar');
    await expect(call('pillar.get', ['pkg', { apache: 'default' }])).resolves.toEqual(pillar.pkg);
  });
});

describe('config.get', () => {
  it.each([
    ['id', 'minion1'], // minion configuration first
    ['os', 'Debian'],
    ['shared', 'from grains'], // grains before pillar
    ['pkg:apache', 'apache2'],
    ['pkg:php', 'php8'], // a nested key only the pillar has
    ['only_pillar:list:1', 'b'],
    ['falsy', 0], // a falsy value found still wins
    ['master_only', 'm'], // the master's configuration, through pillar_opts
    ['test.foo', 'unconfigured'], // Salt's defaults last
    ['nosuch', ''],
  ])('%s gives %j', async (key, expected) => {
    await expect(call('config.get', [key])).resolves.toEqual(expected);
  });

  it('takes a default and a delimiter', async () => {
    await expect(call('config.get', ['nosuch'], { default: 'dflt' })).resolves.toBe('dflt');
    await expect(call('config.get', ['pkg/apache'], { delimiter: '/' })).resolves.toBe('apache2');
  });

  it('omits sources when asked', async () => {
    await expect(call('config.get', ['shared'], { omit_grains: true })).resolves.toBe('from pillar');
    await expect(call('config.get', ['master_only'], { omit_master: true })).resolves.toBe('');
  });

  it('merges the sources with merge=recurse, minion over grains over pillar over master', async () => {
    await expect(call('config.get', ['pkg'], { merge: 'recurse' })).resolves.toEqual({ mysql: 'mariadb', apache: 'apache2', php: 'php8', nginx: 'nginx' });
    await expect(call('config.get', ['pkg'])).resolves.toEqual(grains.pkg);
    // An unknown strategy is taken as recurse.
    await expect(call('config.get', ['pkg'], { merge: 'zip' })).resolves.toEqual({ mysql: 'mariadb', apache: 'apache2', php: 'php8', nginx: 'nginx' });
    // overwrite: a higher source's top-level value replaces the lower ones whole.
    await expect(call('config.get', ['pkg'], { merge: 'overwrite' })).resolves.toEqual(grains.pkg);
  });
});

describe('config.option', () => {
  it('looks up top-level keys only, with defaults', async () => {
    await expect(call('config.option', ['id'])).resolves.toBe('minion1');
    await expect(call('config.option', ['pkg:apache'])).resolves.toBe('');
    await expect(call('config.option', ['redis.host'])).resolves.toBe('redis.example');
    await expect(call('config.option', ['redis.host'], { omit_all: true })).resolves.toBe('salt');
    await expect(call('config.option', ['nosuch'], { default: 'x' })).resolves.toBe('x');
  });

  it('matches patterns with wildcard=True', async () => {
    await expect(call('config.option', ['redis.*'], { wildcard: true })).resolves.toEqual({ 'redis.db': '0', 'redis.host': 'redis.example', 'redis.port': 6379 });
    await expect(call('config.option', ['nomatch*'], { wildcard: true })).resolves.toEqual({});
  });
});
