/**
 * The static registry of runners `salt-run` knows, one per file, as
 * modules/index.ts is for execution modules; a meta-test checks each entry's
 * name, docs and examples.
 */
import { SaltInvocationError } from '@brine/core/errors';
import { docstring } from '@brine/core/loader/docstring';
import { globMatch } from '@brine/core/matchers/glob';
import type { RunnerFunction, RunnerModule } from './define';
import acl from './acl';
import audit from './audit';
import cache from './cache';
import fileserver from './fileserver';
import governor from './governor';
import jobs from './jobs';
import manage from './manage';
import state from './state';
import survey from './survey';

/** Every runner module. */
export const RUNNERS: RunnerModule[] = [acl, audit, cache, fileserver, governor, jobs, manage, state, survey];

/**
 * The runner function `fun` ('jobs.list_jobs').
 * @throws SaltInvocationError "'x.y' is not available." (Salt's message) for an unknown runner or function
 */
export function resolveRunner(fun: string): RunnerFunction {
  const dot = fun.lastIndexOf('.');
  const functions = dot > 0 ? RUNNERS.find((r) => r.name === fun.slice(0, dot))?.functions : undefined;
  const name = fun.slice(dot + 1);
  if (!functions || !Object.hasOwn(functions, name)) throw new SaltInvocationError(`'${fun}' is not available.`);
  return functions[name];
}

/**
 * The docs of the runner functions `salt-run -d [arg]` shows, as Salt's RunnerClient.get_docs: every function
 * without `arg`; with a glob (`*` in it) those it matches; otherwise `arg` itself and the functions of module `arg`.
 * @returns {'mod.fun': docstring}, sorted by name
 */
export function runnerDocs(arg?: string): Record<string, string> {
  const prefix = arg?.endsWith('.') ? arg : `${arg}.`;
  const wanted = (fun: string) => arg === undefined || (arg.includes('*') ? globMatch(arg, fun) : fun === arg || fun.startsWith(prefix));
  const docs: Record<string, string> = {};
  for (const r of [...RUNNERS].sort((a, b) => a.name.localeCompare(b.name))) {
    for (const name of Object.keys(r.functions).sort()) {
      if (wanted(`${r.name}.${name}`)) docs[`${r.name}.${name}`] = docstring(r.functions[name]);
    }
  }
  return docs;
}
