/**
 * Running salt-master and salt-minion as daemons, as Salt's: foreground by
 * default, `-d` to detach (the child writes the pid file), `-l` for the
 * console log level, a log file from config, and a clean stop on SIGTERM or
 * SIGINT (sockets closed, pid file and sock_dir files removed). An error
 * nothing handled is a logged fatal with exit code 70 (fatal.ts).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '@brine/core/config/load';
import type { ConfigOf, Schema } from '@brine/core/config/schema';
import { errorMessage } from '@brine/core/errors';
import { createLogger } from '@brine/core/daemon-log';
import type { Logger } from '@brine/core/log';
import { ensureDir, writeFileAtomic } from '@brine/core/paths';
import { defineCommand, type CliCommand } from './command';
import { exitOnFatal } from './fatal';
import { EX_GENERIC, EX_OK } from './exit-codes';
import { configOptions, loggingOptions } from './options';

/** What a daemon command provides: its name, config schema and how to start it. */
export interface DaemonSpec<S extends Schema> {
  name: 'master' | 'minion';
  /** The paragraph its `--help` prints under the usage line. */
  description: string;
  schema: S;
  /** Rejections nothing awaits that are known to be harmless (see fatal.ts); any other one stops the daemon. */
  harmlessRejection?: (reason: unknown) => boolean;
  /** Start the daemon; resolve to its stop function. */
  start(config: ConfigOf<S> & { log_file: string; pidfile: string; log_level: string; log_level_logfile: string }, log: Logger): Promise<() => Promise<void>>;
}

/** The command `salt-<name>` that runs the daemon of `spec`: `-c`, `-l`, `-d` and `--pid-file`, as Salt's. */
export function daemonCommand<S extends Schema>(spec: DaemonSpec<S>): CliCommand {
  return defineCommand({
    name: `salt-${spec.name}`,
    usage: `Usage: salt-${spec.name} [options]`,
    description: spec.description,
    groups: [configOptions, loggingOptions],
    options: (y) =>
      y
        .option('daemon', { alias: 'd', type: 'boolean', default: false, describe: 'Run in the background (writes the pid file)' })
        .option('pid-file', { type: 'string', describe: 'Pid file path (default: the pidfile config key)' }),
    handler: (a) => runDaemon(spec, { configDir: a['config-dir'], logLevel: a['log-level'], daemon: a.daemon, pidFile: a['pid-file'] }),
  });
}

/** The daemon's parsed flags. */
interface DaemonFlags {
  configDir: string;
  logLevel?: string;
  daemon: boolean;
  pidFile?: string;
}

/**
 * Load the daemon's config and run it until a signal (or, with `-d`, start it in the background).
 * @returns the exit code (the process keeps running until stopped)
 */
async function runDaemon<S extends Schema>(spec: DaemonSpec<S>, a: DaemonFlags): Promise<number> {
  const { config, warnings } = loadConfig(spec.schema, a.configDir, spec.name);
  const cfg = config as ConfigOf<S> & { log_file: string; pidfile: string; log_level: string; log_level_logfile: string };
  if (a.logLevel) cfg.log_level = a.logLevel;
  const pidfile = a.pidFile ? path.resolve(a.pidFile) : cfg.pidfile;

  if (a.daemon) {
    const args = process.argv.slice(1).filter((x) => x !== '-d' && x !== '--daemon');
    const child = spawn(process.execPath, args, { detached: true, stdio: 'ignore', env: { ...process.env, BRINE_PIDFILE: pidfile } });
    child.unref();
    return EX_OK;
  }

  ensureDir(path.dirname(cfg.log_file));
  const log = createLogger({ name: `salt.${spec.name}`, level: cfg.log_level, file: cfg.log_file, fileLevel: cfg.log_level_logfile, console: true });
  for (const w of warnings) log.warning(w);
  const writePid = process.env.BRINE_PIDFILE;
  // Handlers go in before start: a SIGTERM that lands while the daemon starts (after it logged that it
  // listens, say) is kept and acted on once start returns, instead of killing the process uncleanly.
  let requested: string | undefined;
  let onSignal: (signal: string) => void = (signal) => {
    requested ??= signal;
  };
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  process.on('SIGINT', () => onSignal('SIGINT'));
  let started: (() => Promise<void>) | undefined;
  exitOnFatal({ name: spec.name, log, stop: () => started, harmless: spec.harmlessRejection });
  let stop: () => Promise<void>;
  try {
    stop = started = await spec.start(cfg, log);
  } catch (err) {
    log.critical(`The salt-${spec.name} failed to start: ${errorMessage(err)}`);
    return EX_GENERIC;
  }
  if (writePid) {
    ensureDir(path.dirname(writePid), 0o755);
    writeFileAtomic(writePid, `${process.pid}\n`, 0o644);
  }
  return new Promise<number>((resolve) => {
    let stopping = false;
    const shutdown = (signal: string) => {
      if (stopping) return;
      stopping = true;
      log.info(`Received ${signal}, shutting down the salt-${spec.name}`);
      stop()
        .catch((err: unknown) => log.error(`Shutdown failed: ${errorMessage(err)}`))
        .finally(() => {
          if (writePid) fs.rmSync(writePid, { force: true });
          resolve(EX_OK);
        });
    };
    onSignal = shutdown;
    if (requested) shutdown(requested);
  });
}
