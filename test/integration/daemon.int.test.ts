/**
 * Daemon life cycle as Salt's: configuration errors stop the daemon with the
 * file and line, unknown keys are warned about, `-d` detaches with a pid file,
 * and SIGTERM/SIGINT shut down cleanly without stale files.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN, Daemon } from './helpers/cluster';

let root: string;
/** Foreground daemons a test started, stopped afterwards even when an assertion failed first. */
const daemons: Daemon[] = [];
beforeEach(() => (root = fs.mkdtempSync(path.join(os.tmpdir(), 'brine-daemon-'))));
afterEach(async () => {
  await Promise.all(daemons.splice(0).map((d) => d.stop()));
  const detached = detachedMaster();
  if (detached) process.kill(detached, 'SIGKILL');
  fs.rmSync(root, { recursive: true, force: true });
});

/** The pid of a master that `-d` detached on root and a failed test left running (its own, not a reused pid), or 0. */
function detachedMaster(): number {
  const pidfile = path.join(root, 'var/run/salt-master.pid');
  try {
    const pid = Number(fs.readFileSync(pidfile, 'utf8'));
    const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return cmdline.includes('salt-master.js') && cmdline.includes(root) ? pid : 0;
  } catch {
    return 0;
  }
}

function writeMaster(text: string): void {
  fs.writeFileSync(path.join(root, 'master'), `root_dir: ${root}\ninterface: 127.0.0.1\npublish_port: 0\nret_port: 0\n${text}`);
}

/** Every file under root, relative, sorted. */
function tree(dir = root, rel = ''): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const r = path.join(rel, e.name);
    return e.isDirectory() ? tree(path.join(dir, e.name), r) : [r];
  }).sort();
}

test('a malformed config file stops the daemon with the file and line', () => {
  writeMaster('keep_jobs: [1,\n');
  const r = spawnSync(process.execPath, [path.join(BIN, 'salt-master.js'), '-c', root], { encoding: 'utf8' });
  expect(r.status).toBe(1);
  expect(r.stderr).toContain(`ERROR: Error parsing configuration file: ${path.join(root, 'master')}`);
  expect(r.stderr).toMatch(/at line \d+/);
});

test('an invalid minion id stops the minion with a clear error', () => {
  fs.writeFileSync(path.join(root, 'minion'), `root_dir: ${root}\nid: ../etc\nmaster: 127.0.0.1\n`);
  const r = spawnSync(process.execPath, [path.join(BIN, 'salt-minion.js'), '-c', root], { encoding: 'utf8' });
  expect(r.status).toBe(1);
  expect(r.stderr).toContain('Invalid minion id "../etc"');
});

test('foreground master: unknown key warned, SIGTERM leaves no stale files, writes only its own folders', async () => {
  writeMaster('frobnicate: 1\n');
  const d = new Daemon('master', spawn(process.execPath, [path.join(BIN, 'salt-master.js'), '-c', root, '-l', 'info'], { stdio: ['ignore', 'pipe', 'pipe'] }));
  daemons.push(d);
  await d.waitFor(/Master listening/);
  expect(d.output).toContain("[WARNING ] Unknown configuration key 'frobnicate'");
  const sockDir = path.join(root, 'var/run/salt/master');
  expect(fs.readdirSync(sockDir).sort()).toEqual(['master_client.ipc', 'ports.json']);
  expect(fs.statSync(sockDir).mode & 0o777).toBe(0o700);
  d.proc.kill('SIGTERM');
  expect(await d.exited).toBe(0);
  expect(fs.readdirSync(sockDir)).toEqual([]);
  const files = tree();
  const allowed = ['master', 'etc/salt/pki/master/', 'var/cache/salt/master/', 'var/log/salt/master'];
  expect(files.filter((f) => !allowed.some((a) => f === a || f.startsWith(a)))).toEqual([]);
});

test('-d detaches, writes the pid file, and SIGTERM removes it', async () => {
  writeMaster('');
  const r = spawnSync(process.execPath, [path.join(BIN, 'salt-master.js'), '-c', root, '-d'], { encoding: 'utf8' });
  expect(r.status).toBe(0);
  const pidfile = path.join(root, 'var/run/salt-master.pid');
  const ports = path.join(root, 'var/run/salt/master/ports.json');
  for (let i = 0; i < 200 && !(fs.existsSync(pidfile) && fs.existsSync(ports)); i++) await new Promise((res) => setTimeout(res, 25));
  const pid = Number(fs.readFileSync(pidfile, 'utf8'));
  expect(pid).toBeGreaterThan(0);
  process.kill(pid, 'SIGTERM');
  for (let i = 0; i < 200 && fs.existsSync(pidfile); i++) await new Promise((res) => setTimeout(res, 25));
  expect(fs.existsSync(pidfile)).toBe(false);
  expect(fs.existsSync(ports)).toBe(false);
  const alive = () => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  for (let i = 0; i < 200 && alive(); i++) await new Promise((res) => setTimeout(res, 25));
  expect(alive()).toBe(false);
});
