/**
 * A real state-function context for unit tests: each state function runs
 * through the state engine's `callState` (argument binding, test mode,
 * errors as result False, mod_watch with `sfun`), resolved by a Loader over
 * STATES, with an ExecContext whose `salt.call` goes through a real Loader
 * over MODULES, on a temporary directory whose `roots/` serves salt:// files.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Grains, ModuleDef } from '@brine/core/loader/define';
import { Loader } from '@brine/core/loader/loader';
import { callState, type StateEnv } from '@brine/core/state/call';
import type { StateReturn } from '@brine/core/state/define';
import { MODULES } from '@brine/modules/index';
import { STATES } from '@brine/states/index';
import { callContext, execContext } from '../helpers/exec-context';

export interface StateHarness {
  /** The temporary directory, removed by `cleanup`. */
  dir: string;
  /** `dir/roots`: the salt:// file root. */
  roots: string;
  /** Run state function `fun` ('file.managed') with keyword arguments (name included); test=True when `test`. */
  run(fun: string, kwargs: Record<string, unknown>, test?: boolean): Promise<StateReturn>;
  /** Call the `mod_watch` of `fun`'s module as a fired watch requisite does (`sfun` is `fun`'s function). */
  watch(fun: string, kwargs: Record<string, unknown>, test?: boolean): Promise<StateReturn>;
  /** Call an execution function ('pkg.version') through the loader the states use. */
  call(fun: string, args?: unknown[], kwargs?: Record<string, unknown>): Promise<unknown>;
  /** Write a salt:// file under roots. */
  serve(rel: string, text: string): void;
  cleanup(): void;
}

/** Grains the tests run with. */
const GRAINS: Grains = { id: 'minion1', os: 'Debian', os_family: 'Debian', shell: '/bin/sh' };

/** A harness on a fresh temporary directory; `pillar` is what templates see, `modules` what states call. */
export function makeStateHarness(pillar: Record<string, unknown> = {}, modules: ModuleDef[] = MODULES): StateHarness {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'brine-states-'));
  const roots = path.join(dir, 'roots');
  fs.mkdirSync(roots);
  const abort = new AbortController();
  const base = callContext(dir, GRAINS, abort.signal, { pillar });
  const exec = new Loader(modules, base.opts, GRAINS);
  const env: StateEnv = { ctx: execContext(exec, base), pillar, states: new Loader(STATES, base.opts, GRAINS) };
  const chunk = (fun: string, kwargs: Record<string, unknown>) => {
    const [state, f] = fun.split('.');
    return { state, fun: f, __id__: String(kwargs.name), __sls__: null, __env__: 'base', order: 1, name: String(kwargs.name), ...kwargs };
  };
  return {
    dir,
    roots,
    run: (fun, kwargs, test = false) => callState(env, chunk(fun, kwargs), { test }),
    watch: (fun, kwargs, test = false) => callState(env, chunk(fun, kwargs), { test, modWatch: true }),
    call: (fun, args = [], kwargs = {}) => exec.call(fun, args, kwargs, base),
    serve: (rel, text) => {
      fs.mkdirSync(path.dirname(path.join(roots, rel)), { recursive: true });
      fs.writeFileSync(path.join(roots, rel), text);
    },
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
