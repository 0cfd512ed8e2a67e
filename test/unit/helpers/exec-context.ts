/**
 * A real loader over the built-in modules, with a real call context on a
 * temporary cachedir, for unit tests of execution modules.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '@brine/core/config/load';
import { MINION_SCHEMA, type MinionConfig } from '@brine/core/config/minion';
import { LocalFileClient } from '@brine/core/fileclient/local';
import type { ExecContext, Grains } from '@brine/core/loader/define';
import { parseCliArgs } from '@brine/core/loader/args';
import { Loader, type CallContext } from '@brine/core/loader/loader';
import { consoleLogger } from '@brine/core/log';
import { MODULES } from '@brine/modules/index';

export interface Harness {
  /** The temporary cachedir, removed by `cleanup`. */
  dir: string;
  loader: Loader;
  grains: Grains;
  /** Aborts `signal` of every call made through `call`. */
  abort: AbortController;
  /** Run `fun` with CLI words, as `salt-call fun ...words`. */
  call(fun: string, ...words: string[]): Promise<unknown>;
  /** The context a module function gets: `ctx.salt.call` goes through `loader`. */
  ctx: ExecContext;
  cleanup(): void;
}

/**
 * A full minion configuration, as salt-call loads it: the schema's defaults
 * (no configuration file under `dir/etc`), id minion1, cachedir `dir`, and `overrides`.
 */
export function minionConfig(dir: string, overrides: Partial<MinionConfig> = {}): MinionConfig {
  return loadConfig(MINION_SCHEMA, path.join(dir, 'etc'), 'minion', { id: 'minion1', cachedir: dir, ...overrides }).config;
}

/**
 * A real call context: opts is {@link minionConfig} of `dir` (opts.cachedir is `dir`), salt:// files come from `dir/roots`
 * (a local file client), logging is off; `extra` overrides any field.
 */
export function callContext(dir: string, grains: Grains, signal: AbortSignal, extra: Partial<CallContext> = {}): CallContext {
  return {
    opts: minionConfig(dir),
    grains,
    pillar: {},
    files: new LocalFileClient({ base: [path.join(dir, 'roots')] }),
    log: consoleLogger('quiet'),
    jid: '',
    test: false,
    signal,
    setRetcode: () => undefined,
    ...extra,
  };
}

/** The context a function of `loader` runs with, as the loader builds it: `salt.call` goes through `loader` with `base`. */
export function execContext(loader: Loader, base: CallContext): ExecContext {
  return { ...base, cache: new Map(), loader, salt: { call: (f, a = [], k = {}) => loader.call(f, a, k, base), has: (f) => loader.has(f) } };
}

/** A loader over MODULES with `grains`, `opts.cachedir` on a fresh temporary folder. */
export function makeHarness(grains: Grains = {}): Harness {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'brine-unit-'));
  const abort = new AbortController();
  const base = callContext(dir, grains, abort.signal);
  const loader = new Loader(MODULES, base.opts, grains);
  return {
    dir,
    loader,
    grains,
    abort,
    call: (fun, ...words) => {
      const { arg, kwarg } = parseCliArgs(words);
      return loader.call(fun, arg, kwarg, base);
    },
    ctx: execContext(loader, base),
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
