import os from 'node:os';
import path from 'node:path';
import { positionFile } from '@brine/cli/runners/state';

test("state.event resume=True or NAME keeps its position under the user's cache; a bad name is refused", () => {
  const saved = process.env.XDG_CACHE_HOME;
  try {
    delete process.env.XDG_CACHE_HOME;
    expect(positionFile(true)).toBe(path.join(os.homedir(), '.cache', 'brine', 'state.event', 'default'));
    process.env.XDG_CACHE_HOME = '/tmp/xdg';
    expect(positionFile('audit-1')).toBe('/tmp/xdg/brine/state.event/audit-1');
    for (const bad of ['../x', '..', 'a/b', '', 'x'.repeat(65)]) expect(() => positionFile(bad)).toThrow(/^Invalid resume name/);
  } finally {
    if (saved === undefined) delete process.env.XDG_CACHE_HOME;
    else process.env.XDG_CACHE_HOME = saved;
  }
});
