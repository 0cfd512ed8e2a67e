import { consoleLogger } from '@brine/core/log';
import { ReactorMap } from '@brine/master/reactor/map';

const quiet = consoleLogger('quiet');

test("tags match entries as Python's fnmatch, files in the map's order; a path alone is a list of one", () => {
  const map = new ReactorMap(
    [{ 'salt/minion/*/start': ['/srv/reactor/start.sls', 'salt://reactor/hs.sls'] }, { 'salt/minion/web?/start': '/srv/reactor/web.sls' }, { 'salt/auth': ['/a.sls'] }],
    quiet,
  );
  expect(map.files('salt/minion/web1/start')).toEqual(['/srv/reactor/start.sls', 'salt://reactor/hs.sls', '/srv/reactor/web.sls']);
  expect(map.files('salt/minion/db1/start')).toEqual(['/srv/reactor/start.sls', 'salt://reactor/hs.sls']);
  expect(map.wants('salt/auth')).toBe(true);
  expect(map.wants('salt/key')).toBe(false);
});

test('entries Salt skips (not a single-key mapping to paths, a bad glob) are logged and skipped; a non-list map is empty', () => {
  const lines: string[] = [];
  const log = { ...quiet, error: (m: string) => void lines.push(m) } as typeof quiet;
  const map = new ReactorMap([{ a: '/a.sls', b: '/b.sls' }, 'text', { c: [1] }, { '[z-a]': '/x.sls' }, { ok: '/ok.sls' }], log);
  expect(map.files('ok')).toEqual(['/ok.sls']);
  expect(lines).toHaveLength(4);
  expect(new ReactorMap('/etc/salt/reactor.conf', log).empty).toBe(true);
  expect(new ReactorMap([], log).empty).toBe(true);
});
