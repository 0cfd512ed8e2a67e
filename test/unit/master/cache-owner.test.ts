/**
 * Only the master process may open its LMDB caches: lmdb-js 3.5 loses writes the
 * master has acknowledged when other processes open the same environment while
 * it writes (see packages/master/src/job-cache.ts). CLIs read through the
 * master's local client channel instead. This guards that rule in the sources.
 */
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..');

/** TypeScript sources under `dir`, skipping build output and dependencies. */
function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return ['dist', 'node_modules'].includes(e.name) ? [] : sources(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

test('only master.ts opens the job cache and the minion data cache of a running master', () => {
  const openers = ['packages', 'modules', 'states', 'scripts']
    .flatMap((d) => sources(path.join(ROOT, d)))
    .filter((file) => /\b(JobCache|MinionData)\.open\(|from 'lmdb'/.test(fs.readFileSync(file, 'utf8')))
    .map((file) => path.relative(ROOT, file))
    .sort();
  // job-cache.ts and minion-data.ts wrap lmdb; bench.ts opens a private cache in a temporary folder, with no master.
  expect(openers).toEqual([
    'packages/master/src/job-cache.ts',
    'packages/master/src/master.ts',
    'packages/master/src/minion-data.ts',
    'scripts/bench.ts',
  ]);
});
