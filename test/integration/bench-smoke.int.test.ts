/**
 * The benchmark keeps working: a small run (N=10) of scripts/bench.ts against
 * a real master and a real swarm. Its figures are printed, never asserted.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO } from './helpers/cluster';

test('npm run bench at N=10 reports every figure', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'brine-bench-smoke-'));
  try {
    const args = ['--transpile-only', '-P', 'scripts/tsconfig.json', 'scripts/bench.ts', '--minions', '10', '--runs', '1',
      '--throughput-jobs', '10', '--throughput-minions', '10', '--state-minions', '5', '--cache-returns', '2000', '--dir', dir, '--json', path.join(dir, 'figures.json')];
    const out = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const p = spawn(path.join(REPO, 'node_modules/.bin/ts-node'), args, { cwd: REPO });
      let stdout = '';
      let stderr = '';
      p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      p.on('close', (code) => resolve({ code, stdout, stderr }));
    });
    expect(out.stderr).not.toContain('bench failed');
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/^\| 10 \| [\d.]+ \| [\d.]+ \| [\d.]+ \([\d.]+–[\d.]+\) \|.* \| 0 \| [\d.]+ \| 0 \|/m);
    expect(out.stdout).toMatch(/^Throughput: 10 async test\.ping jobs to 10 minions in [\d.]+ s: \d+ jobs\/s, \d+ returns\/s; the master spent \d+ µs of CPU per return/m);
    expect(out.stdout).toMatch(/^state\.apply of a 20-state SLS \(handlebars\|yaml\) on 5 minions, CLI wall: first run [\d.]+ .* s \(0 runs with a non-zero exit\)\.$/m);
    expect(out.stdout).toMatch(/^Job cache at 2000 returns .*: list_jobs [\d.]+ .* ms, lookup_jid [\d.]+ .* ms\.$/m);
    const figures = JSON.parse(fs.readFileSync(path.join(dir, 'figures.json'), 'utf8'));
    expect(figures.sizes[0]).toMatchObject({ n: 10, pingMissing: 0 });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 120000);
