/**
 * The built daemons and CLIs check frames with the checks compiled ahead of
 * time (protocol/v1/compiled.ts) and never load TypeBox, which would add
 * ~100 ms to every salt command's start-up.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';

const REPO = path.join(__dirname, '../..');

test('salt, the master and the minion load no TypeBox module', () => {
  const entries = ['packages/cli/dist/commands/salt.js', 'packages/master/dist/master.js', 'packages/minion/dist/minion.js'].map((f) => path.join(REPO, f));
  const script = `${entries.map((f) => `require(${JSON.stringify(f)});`).join('')}
    process.stdout.write(JSON.stringify(Object.keys(require.cache).filter((k) => k.includes('typebox'))));`;
  expect(JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }))).toEqual([]);
});
