/**
 * A real local brine cluster for the demo, the benchmark and the integration
 * tests: a salt-master and salt-minion processes started from the built CLIs
 * on 127.0.0.1 with ephemeral ports, each in its own root_dir under one
 * throwaway folder, plus helpers to run the CLIs as a user would.
 * Everything started here is stopped by `stop()`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yaml from 'js-yaml';
import { loadMasterConfig, returnsById, withLocalClient, type LocalClient } from '@brine/cli/client';
import type { JobRecord, ReturnRecord } from '@brine/core/protocol/v1/loads';

/** The repository root (this file is test/integration/helpers/cluster.ts). */
export const REPO = path.resolve(__dirname, '..', '..', '..');
/** The built CLI entry points. */
export const BIN = path.join(REPO, 'packages', 'cli', 'dist', 'bin');

/** What a finished CLI run printed and its exit code. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Wait for a CLI process (spawned with piped stdout and stderr) to exit.
 * @returns its exit code (-1 when killed by a signal), stdout and stderr
 * @throws the spawn error when it could not start
 */
export function finished(p: ChildProcess): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    p.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('error', reject);
    p.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** A daemon process with its accumulated output, to wait on log lines. */
export class Daemon {
  output = '';
  readonly exited: Promise<number | null>;

  constructor(readonly name: string, readonly proc: ChildProcess) {
    proc.stdout?.on('data', (d: Buffer) => (this.output += d.toString()));
    proc.stderr?.on('data', (d: Buffer) => (this.output += d.toString()));
    this.exited = new Promise((resolve) => proc.once('exit', (code) => resolve(code)));
  }

  /**
   * Resolve once the output matches `pattern` (counting from `from`, a character offset).
   * @throws Error after `timeoutMs` or when the process exits first, with the output so far
   */
  async waitFor(pattern: RegExp, timeoutMs = 15000, from = 0): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(this.output.slice(from))) {
      if (this.proc.exitCode !== null) throw new Error(`${this.name} exited (${this.proc.exitCode}) before ${pattern}:\n${this.output}`);
      if (Date.now() > deadline) throw new Error(`${this.name}: timed out waiting for ${pattern}:\n${this.output}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Stop with SIGTERM (SIGKILL after 5 s) and wait for the exit. */
  async stop(): Promise<void> {
    if (this.proc.exitCode !== null || this.proc.signalCode !== null) return;
    this.proc.kill('SIGTERM');
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), 5000);
    await this.exited;
    clearTimeout(timer);
  }
}

/** Options of {@link Cluster.start}. */
export interface ClusterOptions {
  /** Extra master config keys. */
  master?: Record<string, unknown>;
  /** Log level of the daemons' console output (default info, so tests can wait on lines). */
  logLevel?: string;
  /** Keep the folder after stop (the demo prints where it is). */
  keep?: boolean;
  /** Extra environment variables of the daemons (master and minions). */
  env?: NodeJS.ProcessEnv;
}

/** Start salt-master on config dir `dir` and wait for it to report its bound ports (in ports.json). */
async function spawnMaster(dir: string, opts: ClusterOptions): Promise<{ master: Daemon; ports: { publish_port: number; ret_port: number } }> {
  const args = [path.join(BIN, 'salt-master.js'), '-c', dir, '-l', opts.logLevel ?? 'info'];
  const master = new Daemon('salt-master', spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...opts.env } }));
  const portsFile = path.join(dir, 'var', 'run', 'salt', 'master', 'ports.json');
  // The master writes ports.json once every socket is bound (whatever its log level).
  for (let waited = 0; !fs.existsSync(portsFile); waited += 20) {
    if (master.proc.exitCode !== null || waited > 15000) {
      await master.stop();
      throw new Error(`salt-master did not start:\n${master.output}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return { master, ports: JSON.parse(fs.readFileSync(portsFile, 'utf8')) as { publish_port: number; ret_port: number } };
}

/** A master plus minions on this host. */
export class Cluster {
  readonly minions = new Map<string, Daemon>();

  private constructor(
    readonly root: string,
    public master: Daemon,
    readonly ports: { publish_port: number; ret_port: number },
    private readonly opts: ClusterOptions,
  ) {}

  /** The master's config directory (pass as `-c` to salt, salt-key, salt-run). */
  get masterDir(): string {
    return path.join(this.root, 'master');
  }

  /** The config directory of minion `id`. */
  minionDir(id: string): string {
    return path.join(this.root, 'minions', id);
  }

  /** Start a master in a new temporary folder and wait until it reports its ports. */
  static async start(opts: ClusterOptions = {}): Promise<Cluster> {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'brine-'));
    const dir = path.join(root, 'master');
    fs.mkdirSync(dir, { recursive: true });
    const config = { root_dir: dir, interface: '127.0.0.1', publish_port: 0, ret_port: 0, ...opts.master };
    fs.writeFileSync(path.join(dir, 'master'), yaml.dump(config));
    const { master, ports } = await spawnMaster(dir, opts);
    return new Cluster(root, master, ports, opts);
  }

  /**
   * Stop the master and start it again on the same ports, keys and caches (minions stay up).
   * @param kill SIGKILL it instead of stopping it (a crash: nothing is flushed or closed)
   */
  async restartMaster({ kill = false }: { kill?: boolean } = {}): Promise<void> {
    if (kill && this.master.proc.exitCode === null) {
      this.master.proc.kill('SIGKILL');
      await this.master.exited;
      // A killed master leaves its ports.json behind: the new one is known to be up once it writes its own.
      fs.rmSync(path.join(this.masterDir, 'var', 'run', 'salt', 'master', 'ports.json'), { force: true });
    }
    await this.master.stop();
    const file = path.join(this.masterDir, 'master');
    const config = { ...(yaml.load(fs.readFileSync(file, 'utf8')) as Record<string, unknown>), ...this.ports };
    fs.writeFileSync(file, yaml.dump(config));
    this.master = (await spawnMaster(this.masterDir, this.opts)).master;
  }

  /**
   * Write minion `id`'s config and start it.
   * @param extra extra minion config keys (e.g. a different publish_port)
   */
  startMinion(id: string, extra: Record<string, unknown> = {}): Daemon {
    const dir = this.minionDir(id);
    fs.mkdirSync(dir, { recursive: true });
    const config = {
      id,
      root_dir: dir,
      master: '127.0.0.1',
      master_port: this.ports.ret_port,
      publish_port: this.ports.publish_port,
      acceptance_wait_time: 0.5,
      random_reauth_delay: 1,
      recon_max: 1000,
      ...extra,
    };
    fs.writeFileSync(path.join(dir, 'minion'), yaml.dump(config));
    const args = [path.join(BIN, 'salt-minion.js'), '-c', dir, '-l', this.opts.logLevel ?? 'info'];
    const d = new Daemon(id, spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...this.opts.env } }));
    this.minions.set(id, d);
    return d;
  }

  /** Wait until every named minion has logged that the master accepted it. */
  async authenticated(ids: string[], timeoutMs = 15000): Promise<void> {
    await Promise.all(ids.map((id) => this.minions.get(id)!.waitFor(/Authenticated with the master/, timeoutMs)));
  }

  /**
   * Run a CLI (`salt`, `salt-key`, `salt-run`, `salt-call`) to completion.
   * `-c` is added: the master's config dir, or `configDir` (a minion's, for salt-call).
   * `as` runs it as another user (this process must be root): its uid and gid, and USER set to its name.
   */
  run(cli: string, args: string[], opts: { input?: string; configDir?: string; env?: NodeJS.ProcessEnv; as?: { user: string; uid: number; gid: number } } = {}): Promise<CliResult> {
    const user = opts.as ? { uid: opts.as.uid, gid: opts.as.gid } : {};
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...(opts.as ? { USER: opts.as.user, LOGNAME: opts.as.user } : {}), ...opts.env };
    // A CLI run as another user is not run through sudo.
    if (opts.as) delete env.SUDO_USER;
    const p = spawn(process.execPath, [path.join(BIN, `${cli}.js`), '-c', opts.configDir ?? this.masterDir, ...args], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env,
      ...user,
    });
    const done = finished(p);
    p.stdin.end(opts.input ?? '');
    return done;
  }

  /** Accept every pending key (`salt-key -A -y`) and wait until the minions are authenticated. */
  async acceptAll(ids: string[]): Promise<void> {
    for (const id of ids) await this.minions.get(id)!.waitFor(/Waiting for the master to accept/);
    const r = await this.run('salt-key', ['-A', '-y']);
    if (r.code !== 0) throw new Error(`salt-key -A failed: ${r.stderr}`);
    await this.authenticated(ids);
  }

  /** Run `f` with a local client connection to the master (as the salt CLI has), closed afterwards. */
  withClient<T>(f: (client: LocalClient) => Promise<T>): Promise<T> {
    return withLocalClient(loadMasterConfig(this.masterDir), f);
  }

  /** The returns of `jid` in the master's job cache, by minion id. */
  jobReturns(jid: string): Promise<Map<string, ReturnRecord>> {
    return this.withClient((c) => returnsById(c, jid));
  }

  /** The job `jid` as the job cache holds it (among the newest 1,000 jobs), or undefined. */
  job(jid: string): Promise<JobRecord | undefined> {
    return this.withClient(async (c) => (await c.list_jobs({ limit: 1000 })).find((j) => j.jid === jid));
  }

  /** Stop every minion, then the master, and remove the folder (unless `keep`). */
  async stop(): Promise<void> {
    await Promise.all([...this.minions.values()].map((m) => m.stop()));
    await this.master.stop();
    if (!this.opts.keep) fs.rmSync(this.root, { recursive: true, force: true });
  }
}
