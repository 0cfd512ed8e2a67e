/**
 * Salt's `jinja` renderer (salt/utils/templates.py render_jinja_tmpl) on
 * brine's Jinja engine: the template sees Salt's variables as globals (so
 * imported templates see them too), `salt` calls execution functions, the
 * file server provides imports, undefined values are errors
 * (StrictUndefined), and a final newline survives rendering.
 *
 * A failure becomes a SaltRenderError with Salt's prefix ("Jinja variable",
 * "Jinja syntax error", "Problem running salt function in Jinja template",
 * "Jinja error"), then where it happened: the `salt://` file, line and
 * column, the failing expression, and the lines around it with a marker.
 */
import { SaltError, SaltRenderError, errorMessage } from '../errors';
import type { FileClient, SaltCaller } from '../loader/define';
import { Environment, TemplateRuntimeError } from '../jinja/environment';
import { TemplateSyntaxError } from '../jinja/errors';
import { fromJsError } from '../jinja/runtime/limits';
import { PyError, PyFunction, fromData, dictSet, pyStr, type PyDict } from '../jinja/runtime/values';
import { excerpt } from './render-error';
import { SaltFunctionMap } from './salt-object';
import { SaltTemplateLoader } from './template-loader';

/** What a Jinja render needs besides the text. */
export interface JinjaInput {
  /** The template's path from the file roots (`nginx/init.sls`), for relative imports and messages; undefined for a string. */
  readonly path?: string;
  readonly saltenv: string;
  /** The variables templates see (grains, pillar, opts, sls, tpldir... and any context), as data. */
  readonly vars: Record<string, unknown>;
  /** Execution functions for `salt[...]`. */
  readonly salt: SaltCaller;
  /** The file server for imports; without one every import is TemplateNotFound. */
  readonly files?: FileClient;
}

/** Salt's `odict(...)`: an ordered dict from pairs and keywords (every dict here keeps its order). */
const ODICT = new PyFunction('odict', (args, kwargs) => {
  const d: PyDict = new Map();
  const [pairs] = args;
  if (pairs instanceof Map) for (const [k, v] of pairs) dictSet(d, k, v);
  else if (Array.isArray(pairs)) for (const pair of pairs) if (Array.isArray(pair) && pair.length === 2) dictSet(d, pair[0], pair[1]);
  for (const [k, v] of kwargs) dictSet(d, k, v);
  return d;
});

/** Salt's `raise('message')` global: fail the render with that message. */
const RAISE = new PyFunction('raise', ([msg]) => {
  throw new PyError('TemplateError', pyStr(msg ?? ''));
});

/** The engine's options from Salt's `jinja_trim_blocks`/`jinja_lstrip_blocks` and `jinja_env`/`jinja_sls_env`. */
function engineOptions(opts: unknown, sls: boolean): { trimBlocks: boolean; lstripBlocks: boolean } {
  const o = (opts ?? {}) as Record<string, unknown>;
  const env = (sls ? o.jinja_sls_env : o.jinja_env) as Record<string, unknown> | undefined;
  return {
    trimBlocks: Boolean(o.jinja_trim_blocks) || Boolean(env?.trim_blocks),
    lstripBlocks: Boolean(o.jinja_lstrip_blocks) || Boolean(env?.lstrip_blocks),
  };
}

/**
 * Render `text` as Salt renders a Jinja template.
 * @returns the rendered text, with the source's final newline kept
 * @throws SaltRenderError naming the template (its `salt://` path, or the SLS) with Salt's prefix,
 *   the position and an excerpt (see the file doc)
 */
export async function renderJinja(text: string, input: JinjaInput): Promise<string> {
  try {
    const globals: Record<string, unknown> = { odict: ODICT, raise: RAISE };
    for (const [k, v] of Object.entries(input.vars)) globals[k] = fromData(v);
    globals.salt = new SaltFunctionMap(input.salt);
    const env = new Environment({
      loader: input.files ? new SaltTemplateLoader(input.files, input.saltenv) : undefined,
      globals,
      ...engineOptions(input.vars.opts, typeof input.vars.sls === 'string' && input.vars.sls !== ''),
    });
    const out = await env.fromString(text, input.path).render(globals);
    return text.endsWith('\n') && !out.endsWith('\n') ? `${out}\n` : out;
  } catch (err) {
    const sls = typeof input.vars.sls === 'string' && input.vars.sls ? input.vars.sls : '<string>';
    throw jinjaError(err, input.path === undefined ? sls : `salt://${input.path}`, text);
  }
}

/** Salt's prefix for a failure of this Python class. */
function prefix(pyType: string, cause: unknown): string {
  if (pyType === 'UndefinedError') return 'Jinja variable';
  if (cause instanceof SaltError && !(cause instanceof SaltRenderError)) return 'Problem running salt function in Jinja template:';
  if (['TemplateSyntaxError', 'TemplateAssertionError', 'TemplateRuntimeError', 'SecurityError', 'TemplateNotFound'].includes(pyType)) {
    return 'Jinja syntax error:';
  }
  return 'Jinja error:';
}

/** The expression at `column` of `line`: up to the end of its tag (`}}` or `%}`), or of the line. */
function expressionAt(source: string, line: number, column: number): string {
  const text = source.split('\n')[line - 1] ?? '';
  const rest = text.slice(Math.max(0, column - 1));
  const end = rest.search(/[-+]?(\}\}|%\})/);
  return (end < 0 ? rest : rest.slice(0, end)).trim();
}

/**
 * A render failure as a SaltRenderError naming `name` (the rendered file's `salt://` path, or the SLS):
 * `<prefix> <reason>; line L, column C of <file>: <expression>`, then the lines around it from the file where it
 * happened (an imported file's own `salt://` path and lines when the failure is inside it).
 */
function jinjaError(err: unknown, name: string, text: string): SaltRenderError {
  if (err instanceof TemplateRuntimeError || err instanceof TemplateSyntaxError) {
    const runtime = err instanceof TemplateRuntimeError;
    const file = err.file === undefined ? name : `salt://${err.file}`;
    const source = runtime ? err.source : file === name ? text : '';
    const expr = runtime ? expressionAt(source, err.line, err.column) : '';
    const reason = runtime ? err.reason : err.message;
    const head = `${prefix(runtime ? err.pyType : 'TemplateSyntaxError', err.cause)} ${reason}; line ${err.line}, column ${err.column} of ${file}${expr ? `: ${expr}` : ''}`;
    return new SaltRenderError(source ? `${head}\n\n${excerpt(source, err.line)}` : head, name, err.line);
  }
  if (err instanceof SaltRenderError) return err;
  if (err instanceof Error && !(err instanceof SaltError)) return new SaltRenderError(`Jinja error: ${fromJsError(err).message}`, name);
  return new SaltRenderError(`Jinja error: ${errorMessage(err)}`, name);
}
