/**
 * The `handlebars` renderer, brine's template engine before it rendered
 * Jinja (the design card's), kept for trees written for it: `handlebars|yaml`.
 *
 * Templates see `grains`, `pillar`, `opts`, `saltenv` and `sls`, and these helpers:
 * - `{{salt "cmd.run" "hostname"}}`: call an execution function (positional
 *   arguments after the name, keyword arguments as `key=value`);
 * - `{{grains_get "os" "unknown"}}`, `{{pillar_get "a:b" "x"}}`: nested
 *   lookups with ':' and a default ('' when none), as grains.get / pillar.get;
 * - `{{json x}}`, `{{yaml x}}`: x as JSON, or as one-line (flow style) YAML.
 *
 * Handlebars helpers are synchronous and execution functions are not, so the
 * template renders in rounds: when `salt` meets a call it has no result for,
 * it stops the round, the call runs, and the template renders again with the
 * result. Only calls reached with real values run: a call whose arguments
 * come from another call, or that sits in a branch decided by one, runs only
 * once that call's result is known. Identical calls (same function and
 * arguments) run once per render; a render makes at most 100 distinct calls.
 */
import Handlebars from 'handlebars';
import yaml from 'js-yaml';
import { SaltRenderError, errorMessage } from '../errors';
import type { SaltCaller } from '../loader/define';
import { traverse } from '../traverse';
import { renderError } from './render-error';

/** Distinct `salt` calls one render may make. */
const MAX_CALLS = 100;

/** What Handlebars passes a helper last (`loc` is present at runtime, absent from its types). */
interface HelperOptions {
  hash: Record<string, unknown>;
  name?: string;
  loc?: { start: { line: number } };
}

/** Thrown by the `salt` helper to stop a round at a call whose result is not known yet. */
class PendingCall {
  constructor(readonly key: string, readonly fun: string, readonly args: unknown[], readonly kwargs: Record<string, unknown>, readonly line?: number) {}
}

/** Split a helper's arguments into positionals and Handlebars' trailing options. */
function helperArgs(raw: unknown[]): { args: unknown[]; options: HelperOptions } {
  return { args: raw.slice(0, -1), options: raw[raw.length - 1] as HelperOptions };
}

/** The 1-based line of a Handlebars failure, when it tells one. */
function handlebarsLine(err: unknown): number | undefined {
  if (err instanceof SaltRenderError) return err.line;
  const line = (err as { lineNumber?: unknown }).lineNumber;
  if (typeof line === 'number') return line;
  const m = /^Parse error on line (\d+):/.exec(errorMessage(err));
  return m ? Number(m[1]) : undefined;
}

/** The cause of a Handlebars failure, in one line for parse errors ("Expecting 'ID', got 'EOF'"). */
function handlebarsCause(err: unknown): string {
  const msg = errorMessage(err);
  if (msg.startsWith('Parse error on line')) return `Handlebars syntax error: ${msg.split('\n').pop()}`;
  return `Handlebars error: ${msg}`;
}

/**
 * Render a Handlebars template with the state helpers (see the file doc).
 * @param vars the template's variables (grains, pillar, opts, saltenv, sls; file templates add their `context`)
 * @param salt calls execution functions for the `salt` helper
 * @param name what errors name (the SLS, or the template's URL)
 * @returns the rendered text
 * @throws SaltRenderError naming `name`, with the line and an excerpt when known,
 *   for a syntax error, a missing helper, a failing `salt` call, or more than 100 distinct calls
 */
export async function renderTemplate(source: string, vars: Record<string, unknown>, salt: SaltCaller, name: string): Promise<string> {
  const known = new Map<string, unknown>();
  const fail = (cause: string, options?: HelperOptions): never => {
    throw renderError(name, cause, source, options?.loc?.start.line);
  };
  const hb = Handlebars.create();
  hb.registerHelper({
    salt(...raw: unknown[]) {
      const { args: [fun, ...args], options } = helperArgs(raw);
      if (typeof fun !== 'string') return fail('The salt helper needs a function name first, as {{salt "cmd.run" "hostname"}}', options);
      const key = JSON.stringify([fun, args, options.hash]);
      if (known.has(key)) return known.get(key);
      throw new PendingCall(key, fun, args, { ...options.hash }, options.loc?.start.line);
    },
    grains_get: (...raw: unknown[]) => lookup(vars.grains, raw),
    pillar_get: (...raw: unknown[]) => lookup(vars.pillar, raw),
    json: (...raw: unknown[]) => JSON.stringify(helperArgs(raw).args[0] ?? null),
    yaml: (...raw: unknown[]) => {
      const value = helperArgs(raw).args[0];
      return value === undefined ? '' : yaml.dump(value, { flowLevel: 0 }).trimEnd();
    },
    helperMissing(...raw: unknown[]) {
      const { args, options } = helperArgs(raw);
      if (args.length) fail(`Missing helper: "${options.name}"`, options);
      return undefined;
    },
  });
  const template = hb.compile(source, { noEscape: true });

  for (;;) {
    try {
      return template(vars);
    } catch (err) {
      if (err instanceof SaltRenderError) throw err;
      if (!(err instanceof PendingCall)) throw renderError(name, handlebarsCause(err), source, handlebarsLine(err));
      if (known.size >= MAX_CALLS) throw renderError(name, `more than ${MAX_CALLS} distinct salt calls`, source, err.line);
      try {
        known.set(err.key, await salt.call(err.fun, err.args, err.kwargs));
      } catch (callErr) {
        throw renderError(name, `salt helper: ${err.fun} failed: ${errorMessage(callErr)}`, source, err.line);
      }
    }
  }
}

/** `grains_get` / `pillar_get`: key, then an optional default ('' when none). */
function lookup(data: unknown, raw: unknown[]): unknown {
  const [key, fallback = ''] = helperArgs(raw).args;
  return traverse(data, String(key), fallback);
}
