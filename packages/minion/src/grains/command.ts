/**
 * Running the few system tools whose answers no file holds (systemctl's
 * feature list, systemd-detect-virt, lspci, dmidecode). Grains that need one
 * are host facts, collected once per process, so a swarm of minions in one
 * process runs each tool once.
 */
import { execFile } from 'node:child_process';
import { which } from './read';

/** What a tool printed: its exit code and its stdout without trailing whitespace, as Salt's `cmd.run_all`. */
export interface ToolResult {
  retcode: number;
  stdout: string;
}

/** Longest a grain's tool may run before it is killed and counted as failed. */
const TOOL_TIMEOUT_MS = 10_000;

/**
 * Run program `name` (looked up in $PATH) with `args`, without a shell.
 * @returns its exit code and stdout; undefined when the program is not installed or could not start
 */
export function runTool(name: string, args: string[] = []): Promise<ToolResult | undefined> {
  const bin = which(name);
  if (!bin) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    execFile(bin, args, { timeout: TOOL_TIMEOUT_MS, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } }, (err, stdout) => {
      if (err && typeof err.code !== 'number') return resolve(undefined);
      resolve({ retcode: err ? Number(err.code) : 0, stdout: stdout.trimEnd() });
    });
  });
}
