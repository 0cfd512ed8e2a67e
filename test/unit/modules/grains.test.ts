import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { CommandExecutionError } from '@brine/core/errors';
import { readPersistedGrains } from '@brine/modules/grains';
import { makeHarness, type Harness } from '../helpers/exec-context';

const GRAINS = {
  os: 'Debian',
  osrelease: '12',
  num_cpus: 2,
  ip4_interfaces: { lo: ['127.0.0.1'], eth0: ['192.0.2.2', '192.0.2.3'] },
  disks: [{ sda: { size: 100 } }, { sdb: { size: 200 } }],
};

let h: Harness;
beforeEach(() => (h = makeHarness(structuredClone(GRAINS))));
afterEach(() => h.cleanup());

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

describe('grains.item, grains.ls, grains.items', () => {
  it('item returns the named grains, missing ones as empty strings', async () => {
    await expect(h.call('grains.item', 'os', 'osrelease', 'ip4_interfaces:lo', 'nope')).resolves.toEqual({
      os: 'Debian',
      osrelease: '12',
      'ip4_interfaces:lo': ['127.0.0.1'],
      nope: '',
    });
  });

  it('ls returns sorted names', async () => {
    await expect(h.call('grains.ls')).resolves.toEqual(['disks', 'ip4_interfaces', 'num_cpus', 'os', 'osrelease']);
  });

  it('items returns every grain', async () => {
    await expect(h.call('grains.items')).resolves.toEqual(GRAINS);
  });
});

describe('grains.setval', () => {
  const file = (): string => path.join(h.dir, 'grains');

  it('sets the grain in memory and persists it as YAML, mode 0644', async () => {
    await expect(h.call('grains.setval', 'roles', '[web, db]')).resolves.toEqual({ roles: ['web', 'db'] });
    await expect(h.call('grains.get', 'roles:1')).resolves.toBe('db');
    expect(yaml.load(fs.readFileSync(file(), 'utf8'))).toEqual({ roles: ['web', 'db'] });
    expect(fs.statSync(file()).mode & 0o777).toBe(0o644);
    expect(fs.readdirSync(h.dir)).toEqual(['grains']);
  });

  it('keeps grains persisted earlier and persists only custom grains', async () => {
    await h.call('grains.setval', 'roles', 'web');
    await h.call('grains.setval', 'rack', '7');
    await h.call('grains.setval', 'roles', 'db');
    expect(readPersistedGrains(h.dir)).toEqual({ roles: 'db', rack: 7 });
  });

  it('refuses to overwrite a malformed grains file', async () => {
    fs.writeFileSync(file(), 'roles: [web\n');
    await expect(h.call('grains.setval', 'roles', 'db')).rejects.toBeInstanceOf(CommandExecutionError);
    expect(fs.readFileSync(file(), 'utf8')).toBe('roles: [web\n');
    expect(h.grains.roles).toBeUndefined();
  });
});

describe('readPersistedGrains', () => {
  it.each([
    ['missing file', undefined, {}],
    ['empty file', '', {}],
    ['a map', 'a: 1\nb: [x]\n', { a: 1, b: ['x'] }],
  ])('%s', (_label, text, expected) => {
    if (text !== undefined) fs.writeFileSync(path.join(h.dir, 'grains'), text);
    expect(readPersistedGrains(h.dir)).toEqual(expected);
  });

  it.each([['- a list\n'], ['just text\n'], ['a: [\n']])('throws on %j', (text) => {
    fs.writeFileSync(path.join(h.dir, 'grains'), text);
    expect(() => readPersistedGrains(h.dir)).toThrow(CommandExecutionError);
  });
});
