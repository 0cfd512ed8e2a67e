/**
 * The `fileserver` runner, as Salt's: what the master's file server holds,
 * read from the master's file_roots on this host (the `roots` backend, the
 * one brine has) with the same resolution and confinement as the master's.
 */
import { NotFoundError } from '@brine/core/errors';
import { Roots } from '@brine/core/fileserver/roots';
import { defineRunner, defineRunnerFunction } from './define';

const SALTENV = { name: 'saltenv', type: 'string', default: 'base', doc: 'The environment to list.' } as const;
const BACKEND = { name: 'backend', type: 'any', doc: "File server backends to list: only 'roots' (the default) holds files here; others list nothing." } as const;

/** Whether `backend` (a name, a comma-separated string or a list; all when absent) takes in brine's `roots` backend. */
function usesRoots(backend: unknown): boolean {
  if (backend === undefined || backend === null) return true;
  const names = Array.isArray(backend) ? backend.map(String) : String(backend).split(',');
  return names.some((n) => n.trim() === 'roots');
}

/** `f(saltenv)` over file_roots, or [] for an unknown saltenv or another backend (Salt lists nothing then). */
function listing(roots: Roots, saltenv: string, backend: unknown, f: (roots: Roots, saltenv: string) => string[]): string[] {
  if (!usesRoots(backend)) return [];
  try {
    return f(roots, saltenv);
  } catch (err) {
    if (err instanceof NotFoundError) return [];
    throw err;
  }
}

export default defineRunner({
  name: 'fileserver',
  doc: "List what the master's file server serves (file_roots), as Salt's fileserver runner.",
  functions: {
    file_list: defineRunnerFunction({
      doc: 'Every file of an environment, as the minions see it (salt://...): a sorted list of relative paths; [] for an unknown saltenv.',
      example: 'salt-run fileserver.file_list saltenv=base',
      args: [SALTENV, BACKEND],
      run: (ctx, { saltenv, backend }) => listing(new Roots(ctx.config.file_roots), saltenv, backend, (r, env) => r.list(env)),
    }),
    dir_list: defineRunnerFunction({
      doc: 'Every directory of an environment below its roots: a sorted list of relative paths; [] for an unknown saltenv.',
      example: 'salt-run fileserver.dir_list saltenv=base',
      args: [SALTENV, BACKEND],
      run: (ctx, { saltenv, backend }) => listing(new Roots(ctx.config.file_roots), saltenv, backend, (r, env) => r.dirs(env)),
    }),
    envs: defineRunnerFunction({
      doc: 'The environments of file_roots, sorted.',
      example: 'salt-run fileserver.envs',
      args: [BACKEND],
      run: (ctx, { backend }) => (usesRoots(backend) ? Object.keys(ctx.config.file_roots).sort() : []),
    }),
  },
});
