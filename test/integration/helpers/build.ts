/**
 * globalSetup of the integration project: build what the daemons and CLIs run
 * (the protocol's compiled checks, then the dist/ folders with `tsc -b`,
 * incremental), so a source edit, a schema's included, is tested without a
 * separate `npm run build`.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { writeCompiled } from '../../../packages/core/src/protocol/v1/generate';

export default function build(): void {
  const repo = path.resolve(__dirname, '..', '..', '..');
  writeCompiled(path.join(repo, 'packages/core/src/protocol/v1/compiled.ts'));
  try {
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-b'], { cwd: repo, encoding: 'utf8', stdio: 'pipe' });
  } catch (err) {
    const { stdout, stderr } = err as { stdout?: string; stderr?: string };
    throw new Error(`tsc -b failed, so the integration tests would run stale code:\n${stdout ?? ''}${stderr ?? ''}`);
  }
}
