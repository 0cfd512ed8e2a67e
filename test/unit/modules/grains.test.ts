import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { SaltInvocationError } from '@brine/core/errors';
import { grainsFile, readPersistedGrains } from '@brine/modules/grains';
import { makeHarness, type Harness } from '../helpers/exec-context';

const GRAINS = {
  os: 'Debian',
  os_family: 'Debian',
  osfinger: 'Debian-12',
  osrelease: '12',
  num_cpus: 2,
  id: 'web01',
  roles: ['db', 'web'],
  ip4_interfaces: { lo: ['127.0.0.1'], eth0: ['192.0.2.2', '192.0.2.3'] },
  disks: [{ sda: { size: 100 } }, { sdb: { size: 200 } }],
  apps: { myApp: { port: 80 } },
};

let h: Harness;
beforeEach(() => (h = makeHarness(structuredClone(GRAINS))));
afterEach(() => h.cleanup());

/** The minion's grains file: next to its config file (h.dir/etc/minion), as Salt's /etc/salt/grains. */
const file = (): string => path.join(h.dir, 'etc', 'grains');
const stored = (): unknown => yaml.load(fs.readFileSync(file(), 'utf8'));

describe('grains.get', () => {
  it.each([
    [['os'], 'Debian'],
    [['num_cpus'], 2],
    [['ip4_interfaces:eth0'], ['192.0.2.2', '192.0.2.3']],
    [['ip4_interfaces:eth0:1'], '192.0.2.3'],
    [['ip4_interfaces:eth0:-1'], '192.0.2.3'],
    [['ip4_interfaces:eth0:5'], ''],
    [['disks:sdb:size'], 200],
    [['os:deep'], ''],
    [['nope'], ''],
    [['nope', 'fallback'], 'fallback'],
    [['nope', 'default=[1, 2]'], [1, 2]],
    [['ip4_interfaces/lo/0', 'delimiter=/'], '127.0.0.1'],
  ])('grains.get %j returns %j', async (words, expected) => {
    await expect(h.call('grains.get', ...words)).resolves.toEqual(expected);
  });
});

describe('grains.item, grains.ls, grains.items, grains.has_value, grains.equals', () => {
  it('item returns the named grains, missing ones as the default', async () => {
    await expect(h.call('grains.item', 'os', 'osrelease', 'ip4_interfaces:lo', 'nope')).resolves.toEqual({
      os: 'Debian',
      osrelease: '12',
      'ip4_interfaces:lo': ['127.0.0.1'],
      nope: '',
    });
    await expect(h.call('grains.item', 'nope', 'ip4_interfaces/lo', 'default=gone', 'delimiter=/')).resolves.toEqual({ nope: 'gone', 'ip4_interfaces/lo': ['127.0.0.1'] });
  });

  it('ls returns sorted names', async () => {
    await expect(h.call('grains.ls')).resolves.toEqual(Object.keys(GRAINS).sort());
  });

  it('items returns every grain', async () => {
    await expect(h.call('grains.items')).resolves.toEqual(GRAINS);
  });

  it('has_value tells whether a key exists', async () => {
    await expect(h.call('grains.has_value', 'apps:myApp:port')).resolves.toBe(true);
    await expect(h.call('grains.has_value', 'apps:other')).resolves.toBe(false);
  });

  it('equals compares as text', async () => {
    await expect(h.call('grains.equals', 'num_cpus', '2')).resolves.toBe(true);
    await expect(h.call('grains.equals', 'os', 'RedHat')).resolves.toBe(false);
  });
});

describe('grains.filter_by', () => {
  it.each([
    // the grain's value picks the entry; os_family is the default grain
    [['{Debian: apache2, RedHat: httpd}'], 'apache2'],
    // keys are glob patterns
    // the CLI word loads as Salt's yamlify_arg does (PyYAML: yes is True)
    [['{Deb*: yes, default: no}', 'osfinger'], true],
    [['{web*: web, default: other}', 'id'], 'web'],
    // a list grain: its first item that matches a key
    [['{web: W, db: D}', 'roles'], 'D'],
    // nested grain keys
    [["{'127.0.0.1': loop}", 'ip4_interfaces:lo'], 'loop'],
    // no match: the default key, or None
    [['{RedHat: httpd, default: apache}'], 'apache'],
    [['{RedHat: httpd}'], null],
    [['{RedHat: httpd, other: x}', 'os_family', 'merge=null', 'default=other'], 'x'],
    // Salt's docstring examples
    [['{A: B, C: {D: {E: F, G: H}}}', 'xxx', '{D: {E: I}, J: K}', 'C'], { D: { E: 'I', G: 'H' }, J: 'K' }],
    [['{default: {A: {B: C}, D: E}, F: {A: {B: G}}, H: {D: I}}', 'xxx', '{D: J}', 'F', 'default'], { A: { B: 'G' }, D: 'J' }],
    [['{default: {A: {B: C}, D: E}, F: {A: {B: G}}, H: {D: I}}', 'xxx', '{D: J}', 'H', 'default'], { A: { B: 'C' }, D: 'J' }],
    // base alone when nothing matches; merge alone when there is no entry
    [['{base: {a: 1}}', 'nope', 'merge=null', 'default=x', 'base=base'], { a: 1 }],
    [['{RedHat: x}', 'os_family', '{m: 1}'], { m: 1 }],
  ])('filter_by %j', async (words, expected) => {
    await expect(h.call('grains.filter_by', ...words)).resolves.toEqual(expected);
  });

  it('refuses a merge that is not a dict, and a base dict over a non-dict', async () => {
    await expect(h.call('grains.filter_by', '{Debian: x}', 'os_family', '[1]')).rejects.toThrow(new SaltInvocationError('filter_by merge argument must be a dictionary.'));
    await expect(h.call('grains.filter_by', '{Debian: x, b: {k: v}}', 'os_family', 'merge=null', 'default=default', 'base=b')).rejects.toThrow(
      'filter_by default and look-up values must both be dictionaries.',
    );
  });

  it('leaves the lookup table and the grains as they were', async () => {
    await h.call('grains.filter_by', '{Debian: {a: {b: 1}}}', 'os_family', '{a: {c: 2}}');
    expect(h.grains).toEqual(GRAINS);
  });
});

describe('grains.setval and grains.setvals', () => {
  it('sets the grain in memory and persists it as YAML next to the config file, mode 0644', async () => {
    await expect(h.call('grains.setval', 'roles', '[web, db]')).resolves.toEqual({ roles: ['web', 'db'] });
    await expect(h.call('grains.get', 'roles:1')).resolves.toBe('db');
    expect(stored()).toEqual({ roles: ['web', 'db'] });
    expect(fs.statSync(file()).mode & 0o777).toBe(0o644);
    expect(grainsFile(h.ctx.opts.conf_file)).toBe(file());
  });

  it('keeps grains persisted earlier and persists only custom grains, keys sorted as Salt', async () => {
    await h.call('grains.setval', 'roles', 'web');
    await h.call('grains.setvals', '{rack: 7, zone: a}');
    await h.call('grains.setval', 'roles', 'db');
    expect(fs.readFileSync(file(), 'utf8')).toBe('rack: 7\nroles: db\nzone: a\n');
    expect(readPersistedGrains(h.ctx.opts.conf_file)).toEqual({ roles: 'db', rack: 7, zone: 'a' });
  });

  it('deletes a grain given None with destructive=True', async () => {
    await h.call('grains.setvals', '{rack: 7, zone: a}');
    await expect(h.call('grains.setval', 'rack', 'null', 'destructive=True')).resolves.toEqual({ rack: null });
    expect(stored()).toEqual({ zone: 'a' });
    expect(h.grains.rack).toBeUndefined();
  });

  it("answers Salt's message for a malformed grains file and leaves it alone", async () => {
    fs.mkdirSync(path.dirname(file()), { recursive: true });
    fs.writeFileSync(file(), 'roles: [web\n');
    await expect(h.call('grains.setval', 'roles', 'db')).resolves.toMatch(/^Unable to read existing grains file: /);
    expect(fs.readFileSync(file(), 'utf8')).toBe('roles: [web\n');
  });

  it('refuses setvals of something other than a dict', async () => {
    await expect(h.call('grains.setvals', '[a]')).rejects.toThrow(new SaltInvocationError('setvals grains must be a dictionary.'));
  });
});

describe('grains.append and grains.remove', () => {
  it('appends to a list grain, creating it when missing', async () => {
    await expect(h.call('grains.append', 'roles', 'cache')).resolves.toEqual({ roles: ['db', 'web', 'cache'] });
    await expect(h.call('grains.append', 'tags', 'a')).resolves.toEqual({ tags: ['a'] });
    await expect(h.call('grains.append', 'tags', '[b, c]')).resolves.toEqual({ tags: ['a', 'b', 'c'] });
    expect(stored()).toEqual({ roles: ['db', 'web', 'cache'], tags: ['a', 'b', 'c'] });
  });

  it("answers Salt's messages for a value already there and a grain that is not a list; convert=True makes it one", async () => {
    await expect(h.call('grains.append', 'roles', 'db')).resolves.toBe('The val db was already in the list roles');
    await expect(h.call('grains.append', 'os', 'x')).resolves.toBe('The key os is not a valid list');
    await expect(h.call('grains.append', 'os', 'x', 'convert=True')).resolves.toEqual({ os: ['Debian', 'x'] });
  });

  it('appends inside a nested dict, rewriting its top-level grain', async () => {
    await expect(h.call('grains.append', 'apps:myApp:hosts', 'a')).resolves.toEqual({ apps: { myApp: { port: 80, hosts: ['a'] } } });
    expect(GRAINS.apps).toEqual({ myApp: { port: 80 } });
  });

  it('removes a value from a list grain', async () => {
    await expect(h.call('grains.remove', 'roles', 'db')).resolves.toEqual({ roles: ['web'] });
    await expect(h.call('grains.remove', 'roles', 'db')).resolves.toBe('The val db was not in the list roles');
    await expect(h.call('grains.remove', 'os', 'x')).resolves.toBe('The key os is not a valid list');
  });
});

describe('an empty delimiter', () => {
  // Splitting a key on '' never shortened it: grains.set looped forever and froze the minion. Salt fails too ("empty separator").
  it.each([
    ['grains.set', 'apps:myApp:port', '1'],
    ['grains.append', 'roles', 'x'],
    ['grains.remove', 'roles', 'db'],
    ['grains.get', 'os'],
  ])('%s is refused with a SaltInvocationError, and nothing is written', async (fun, ...words) => {
    await expect(h.call(fun, ...words, 'delimiter=')).rejects.toThrow(new SaltInvocationError('empty separator: the delimiter must be at least one character'));
    expect(fs.existsSync(file())).toBe(false);
  });
});

describe('a grain named __proto__', () => {
  // ctx.grains[key] = val with key __proto__ swapped the grains' prototype: the grain vanished and every grain
  // lookup fell through to the user's dict.
  it('grains.setval stores it as a grain, in memory and in the grains file', async () => {
    await expect(h.call('grains.setval', '__proto__', '{role: evil}')).resolves.toEqual(JSON.parse('{"__proto__": {"role": "evil"}}'));
    // h.grains comes from Node's structuredClone, another realm than the test's: its prototype's prototype is null.
    expect(Object.getPrototypeOf(Object.getPrototypeOf(h.grains))).toBeNull();
    expect(Object.hasOwn(h.grains, '__proto__')).toBe(true);
    expect((h.grains as { role?: unknown }).role).toBeUndefined();
    await expect(h.call('grains.get', '__proto__:role')).resolves.toBe('evil');
    await expect(h.call('grains.get', 'role')).resolves.toBe('');
    expect(Object.keys(stored() as object)).toEqual(['__proto__']);
  });

  it('grains.set nests it as a plain key', async () => {
    await expect(h.call('grains.set', 'apps:__proto__:port', '1')).resolves.toMatchObject({ result: true });
    await expect(h.call('grains.get', 'apps:__proto__:port')).resolves.toBe(1);
    await expect(h.call('grains.get', 'apps:myApp:port')).resolves.toBe(80);
    expect(Object.getPrototypeOf(Object.getPrototypeOf(h.grains.apps))).toBeNull();
  });
});

describe('grains.set, grains.delval and grains.delkey', () => {
  it('sets a new grain (the missing marker was cloned and the call failed with DataCloneError)', async () => {
    await expect(h.call('grains.set', 'brandnew', 'x')).resolves.toEqual({ comment: '', changes: { brandnew: 'x' }, result: true });
    await expect(h.call('grains.set', 'fresh:deep', '1')).resolves.toEqual({ comment: '', changes: { fresh: { deep: 1 } }, result: true });
  });

  it('sets nested keys', async () => {
    await expect(h.call('grains.set', 'apps:myApp:port', '2209')).resolves.toEqual({ comment: '', changes: { apps: { myApp: { port: 2209 } } }, result: true });
    await expect(h.call('grains.set', 'apps:myApp:port', '2209')).resolves.toEqual({ comment: 'Grain is already set', changes: {}, result: true });
  });

  it('refuses to replace a dict or list without force', async () => {
    await expect(h.call('grains.set', 'roles', 'x')).resolves.toEqual({
      comment: "The key 'roles' exists but is a dict or a list. Use 'force=True' to overwrite.",
      changes: {},
      result: false,
    });
    await expect(h.call('grains.set', 'os', '[a]')).resolves.toEqual({
      comment: "The key 'os' exists and the given value is a dict or a list. Use 'force=True' to overwrite.",
      changes: {},
      result: false,
    });
    await expect(h.call('grains.set', 'roles', 'x', 'force=True')).resolves.toMatchObject({ changes: { roles: 'x' }, result: true });
  });

  it('delval sets the grain to None; delkey removes it', async () => {
    await h.call('grains.setvals', '{rack: 7, zone: a}');
    await expect(h.call('grains.delval', 'rack')).resolves.toEqual({ comment: '', changes: { rack: null }, result: true });
    expect(stored()).toEqual({ rack: null, zone: 'a' });
    await expect(h.call('grains.delkey', 'zone')).resolves.toEqual({ comment: '', changes: { zone: null }, result: true });
    expect(stored()).toEqual({ rack: null });
    expect('zone' in h.grains).toBe(false);
  });
});

describe('readPersistedGrains', () => {
  it.each([
    ['missing file', undefined, {}],
    ['empty file', '', {}],
    ['a map', 'a: 1\nb: [x]\n', { a: 1, b: ['x'] }],
    ['a list (ignored, as Salt)', '- a list\n', {}],
  ])('%s', (_label, text, expected) => {
    if (text !== undefined) {
      fs.mkdirSync(path.dirname(file()), { recursive: true });
      fs.writeFileSync(file(), text);
    }
    expect(readPersistedGrains(h.ctx.opts.conf_file)).toEqual(expected);
  });

  it('reads the grains file inside a config directory', () => {
    fs.mkdirSync(path.join(h.dir, 'conf.d'));
    fs.writeFileSync(path.join(h.dir, 'conf.d', 'grains'), 'a: 1\n');
    expect(readPersistedGrains(path.join(h.dir, 'conf.d'))).toEqual({ a: 1 });
  });
});
