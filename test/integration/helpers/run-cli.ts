/**
 * Run a built CLI alone, as a user would, with no cluster around it.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { BIN, type CliResult } from './cluster';

/**
 * Run `dist/bin/<cli>.js` with `args` to completion, without colours, `env` added to this process's environment.
 * @returns its exit code, stdout and stderr; never rejects (a failing run is a result)
 */
export function runCli(cli: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(BIN, `${cli}.js`), ...args], { env: { ...process.env, NO_COLOR: '1', ...env } }, (err, stdout, stderr) => {
      resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr });
    });
  });
}
