import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '@brine/core/config/load';
import { MINION_SCHEMA } from '@brine/core/config/minion';
import { returnerOptions } from '@brine/core/returners/define';

const ATTRS = ['level', 'facility', 'tag'];
const DEFAULTS = { level: 'LOG_INFO', facility: 'LOG_USER' };

test("flat NAME.attr keys, then the nested NAME: {attr}, then the defaults (Salt's get_returner_options)", () => {
  const opts = { 'syslog.level': 'LOG_ERR', syslog: { facility: 'LOG_DAEMON', level: 'LOG_DEBUG' } };
  expect(returnerOptions('syslog', ATTRS, DEFAULTS, opts)).toEqual({ level: 'LOG_ERR', facility: 'LOG_DAEMON' });
  expect(returnerOptions('syslog', ATTRS, DEFAULTS, {})).toEqual(DEFAULTS);
});

test('ret_config reads PROFILE.NAME.attr first and falls back to the default location; ret_kwargs wins', () => {
  const opts = { 'syslog.level': 'LOG_ERR', 'syslog.tag': 'base', 'alternative.syslog.level': 'LOG_WARNING', 'other.syslog': { tag: 'nested' } };
  expect(returnerOptions('syslog', ATTRS, DEFAULTS, opts, { ret_config: 'alternative' })).toEqual({ level: 'LOG_WARNING', facility: 'LOG_USER', tag: 'base' });
  expect(returnerOptions('syslog', ATTRS, DEFAULTS, opts, { ret_config: 'other' })).toMatchObject({ tag: 'nested', level: 'LOG_ERR' });
  expect(returnerOptions('syslog', ATTRS, DEFAULTS, opts, { ret_kwargs: { level: 'LOG_DEBUG' } })).toMatchObject({ level: 'LOG_DEBUG' });
});

test('the config loader keeps returner option keys as given, and still warns about other unknown keys', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'brine-retopts-'));
  fs.writeFileSync(path.join(dir, 'minion'), 'local_file.path: /tmp/x.jsonl\nsyslog:\n  level: LOG_ERR\nalt.syslog.tag: t\nnot_a_key: 1\n');
  const { config, warnings } = loadConfig(MINION_SCHEMA, dir, 'minion');
  const c = config as unknown as Record<string, unknown>;
  expect(c['local_file.path']).toBe('/tmp/x.jsonl');
  expect(c.syslog).toEqual({ level: 'LOG_ERR' });
  expect(c['alt.syslog.tag']).toBe('t');
  expect(c.not_a_key).toBeUndefined();
  expect(warnings.filter((w) => w.startsWith('Unknown configuration key'))).toEqual([expect.stringContaining("'not_a_key'")]);
  fs.rmSync(dir, { recursive: true });
});
