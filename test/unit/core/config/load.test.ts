import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, underRoot } from '@brine/core/config/load';
import { MASTER_SCHEMA } from '@brine/core/config/master';
import { MINION_SCHEMA } from '@brine/core/config/minion';
import { SaltConfigurationError } from '@brine/core/errors';

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'brine-cfg-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

test('a missing file means Salt defaults, with a warning naming the path', () => {
  const { config, warnings } = loadConfig(MASTER_SCHEMA, dir, 'master');
  expect(config).toMatchObject({ publish_port: 4505, ret_port: 4506, timeout: 5, keep_jobs: 24, auto_accept: false, pki_dir: '/etc/salt/pki/master' });
  expect(warnings).toEqual([`Configuration file ${path.join(dir, 'master')} not found; using the defaults`]);
  expect(loadConfig(MASTER_SCHEMA, path.join(dir, 'nonexistent'), 'master').warnings).toEqual([
    `Configuration file ${path.join(dir, 'nonexistent', 'master')} not found; using the defaults`,
  ]);
});

test('path keys resolve under root_dir as Salt prepends it', () => {
  fs.writeFileSync(path.join(dir, 'minion'), `root_dir: ${dir}\ncachedir: cache\nid: m1\n`);
  const { config } = loadConfig(MINION_SCHEMA, dir, 'minion');
  expect(config.pki_dir).toBe(path.join(dir, 'etc/salt/pki/minion'));
  expect(config.cachedir).toBe(path.join(dir, 'cache'));
  expect(underRoot(dir, path.join(dir, 'x'))).toBe(path.join(dir, 'x'));
  expect(underRoot('/', '/var/log/salt/minion')).toBe('/var/log/salt/minion');
});

test('an unknown key is a warning naming it and the file', () => {
  fs.writeFileSync(path.join(dir, 'master'), 'publish_port: 5505\nfrobnicate: true\n');
  const { config, warnings } = loadConfig(MASTER_SCHEMA, dir, 'master');
  expect(config.publish_port).toBe(5505);
  expect(warnings).toEqual([`Unknown configuration key 'frobnicate' in ${path.join(dir, 'master')}; it is ignored`]);
});

test('malformed YAML is an error naming the file and line', () => {
  fs.writeFileSync(path.join(dir, 'master'), 'interface: 127.0.0.1\npublish_port: [1, 2\nret_port: 3\n');
  try {
    loadConfig(MASTER_SCHEMA, dir, 'master');
    throw new Error('no error');
  } catch (err) {
    expect(err).toBeInstanceOf(SaltConfigurationError);
    const e = err as SaltConfigurationError;
    expect(e.file).toBe(path.join(dir, 'master'));
    expect(e.line).toBe(3);
    expect(e.message).toContain(`Error parsing configuration file: ${path.join(dir, 'master')}`);
  }
});

test.each([
  ['publish_port: lots\n', "'publish_port' must be a number"],
  ['auto_accept: [yes]\n', "'auto_accept' must be a boolean"],
  ['- a list\n', 'the top level must be a mapping'],
])('a value of the wrong type is refused: %j', (text, msg) => {
  fs.writeFileSync(path.join(dir, 'master'), text);
  expect(() => loadConfig(MASTER_SCHEMA, dir, 'master')).toThrow(msg);
});
