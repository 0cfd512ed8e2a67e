/**
 * Running the few system tools whose answers no file holds (systemctl's
 * feature list, systemd-detect-virt, lspci, dmidecode). Grains that need one
 * are host facts, collected once per process, so a swarm of minions in one
 * process runs each tool once.
 */
import { spawn } from 'node:child_process';
import { which } from './read';

/** What a tool printed: its exit code and its stdout without trailing whitespace, as Salt's `cmd.run_all`. */
export interface ToolResult {
  retcode: number;
  stdout: string;
}

/** Longest a grain's tool may run before it is killed and counted as failed. */
const TOOL_TIMEOUT_MS = 10_000;

/**
 * Run program `name` (looked up in $PATH) with `args`, without a shell, in a process group of its own.
 * After `timeoutMs` the whole group is killed with SIGKILL (a tool that ignores SIGTERM, or a child of it that
 * holds its output open, cannot outlast it) and the answer is undefined at once, whether or not the
 * process is seen to end.
 * @param timeoutMs how long the tool may run, in milliseconds (10 s by default)
 * @returns its exit code and stdout; undefined when the program is not installed, could not start or timed out
 */
export function runTool(name: string, args: string[] = [], timeoutMs = TOOL_TIMEOUT_MS): Promise<ToolResult | undefined> {
  const bin = which(name);
  if (!bin) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const child = spawn(bin, args, { env: { ...process.env, LC_ALL: 'C' }, detached: true, stdio: ['ignore', 'pipe', 'ignore'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    const timer = setTimeout(() => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // the group is gone already
      }
      child.stdout.destroy();
      resolve(undefined);
    }, timeoutMs);
    child.on('error', () => {
      clearTimeout(timer);
      resolve(undefined);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve(code === null ? undefined : { retcode: code, stdout: stdout.trimEnd() });
    });
  });
}
