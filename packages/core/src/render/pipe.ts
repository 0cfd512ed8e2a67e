/**
 * Salt's renderer pipes (salt/template.py compile_template): text goes
 * through each renderer of a pipe such as `jinja|yaml` in turn. Template
 * renderers (jinja, handlebars) turn text into text, data renderers (yaml,
 * json) text into data. A file picks its own pipe with a shebang first line
 * (`#!jinja|yaml`, `#!yaml`); otherwise the `renderer` config key applies,
 * whose default is `handlebars|yaml`.
 */
import { SaltRenderError, errorMessage } from '../errors';
import type { FileClient, SaltCaller } from '../loader/define';
import { renderTemplate } from './handlebars';
import { truthy } from '../jinja/runtime/values';
import { loadSaltYaml } from '../yaml/salt-load';
import { renderJinja } from './jinja';
import { excerpt } from './render-error';
import { slsContext } from './sls-context';

/** The renderers a pipe may name. */
export const RENDERERS = ['jinja', 'handlebars', 'yaml', 'json'] as const;

/** A renderer's name. */
export type RendererName = (typeof RENDERERS)[number];

/** brine's default for the `renderer` config key (Salt's is `jinja|yaml`). */
export const DEFAULT_RENDERER = 'handlebars|yaml';

/**
 * The renderers of pipe `spec` (`jinja|yaml`, `jinja | yaml`).
 * @throws SaltRenderError naming `name` for a renderer brine does not have
 */
export function parsePipe(spec: string, name: string): RendererName[] {
  const pipe = spec.split('|').map((r) => r.trim().split(/\s/)[0]);
  const bad = pipe.find((r) => !(RENDERERS as readonly string[]).includes(r));
  if (bad !== undefined) throw new SaltRenderError(`The renderer "${bad}" is not available (brine has: ${RENDERERS.join(', ')})`, name);
  return pipe as RendererName[];
}

/** The pipe a file's shebang line names (`#!jinja|yaml`), or undefined; `#!/bin/sh`-style interpreter lines are not pipes. */
export function shebangPipe(text: string): string | undefined {
  const m = /^#!([^\n]*)/.exec(text);
  return m && !m[1].startsWith('/') ? m[1].trim() : undefined;
}

/** What rendering a file or string needs. */
export interface RenderInput {
  /** The text to render. */
  readonly text: string;
  /** Its path from the file roots (`web/init.sls`); undefined for a string. */
  readonly path?: string;
  /** The SLS name (`web`), '' when the text is not an SLS. */
  readonly sls: string;
  readonly saltenv: string;
  /** Variables templates see: grains, pillar, opts, and any context. */
  readonly vars: Record<string, unknown>;
  /** Execution functions for the templates' `salt`. */
  readonly salt: SaltCaller;
  /** The file server, for template imports. */
  readonly files?: FileClient;
}

/** What messages call the input: its `salt://` path, else its SLS name, else `<string>`. */
function nameOf(input: RenderInput): string {
  if (input.path) return `salt://${input.path}`;
  return input.sls || '<string>';
}

/**
 * Run `input.text` through `pipe`.
 * @returns text when the pipe ends in a template renderer, data when it ends in yaml or json (`{}` for YAML without data)
 * @throws SaltRenderError naming the input when a stage fails, or when a stage needing text gets data
 */
export async function renderPipe(input: RenderInput, pipe: readonly RendererName[]): Promise<unknown> {
  const name = nameOf(input);
  const vars = { ...input.vars, saltenv: input.saltenv, sls: input.sls, ...slsContext(input.path ? `salt://${input.path}` : undefined, input.sls) };
  let data: unknown = input.text;
  for (const stage of pipe) {
    if (typeof data !== 'string') throw new SaltRenderError(`The ${stage} renderer needs text, but the previous renderer returned data`, name);
    if (stage === 'jinja') data = await renderJinja(data, { path: input.path, saltenv: input.saltenv, vars, salt: input.salt, files: input.files });
    else if (stage === 'handlebars') data = await renderTemplate(data, vars, input.salt, input.sls || name);
    else if (stage === 'yaml') data = yamlRender(data, name, input.text);
    else data = parseJson(data, name);
  }
  return data;
}

/**
 * Salt's yaml renderer: the text loaded as Salt's loader loads it; no data at all (empty, None, '', [], 0) gives `{}`.
 * @param source the template the text was rendered from (the input's text), to map an error's line back to it
 * @throws SaltRenderError with the loader's reason, the line in the rendered text (and in the template, when it
 *   can be told: the template holds that line's text once), and the rendered lines around it
 */
function yamlRender(text: string, name: string, source: string): unknown {
  let data: unknown;
  try {
    data = loadSaltYaml(text, name);
  } catch (err) {
    if (!(err instanceof SaltRenderError) || err.line === undefined) throw err;
    const at = templateLine(source, text, err.line);
    const where = at === undefined || at === err.line ? '' : ` (line ${at} of the template)`;
    throw new SaltRenderError(`${err.message}; line ${err.line}${where}\n\n${excerpt(text, err.line)}`, name, at ?? err.line);
  }
  return truthy(data) ? data : {};
}

/** The 1-based line of `source` that rendered as line `line` of `rendered`, when the source holds that text exactly once. */
function templateLine(source: string, rendered: string, line: number): number | undefined {
  const text = rendered.split('\n')[line - 1];
  if (text === undefined || text.trim() === '') return undefined;
  const found = source.split('\n').flatMap((l, i) => (l === text ? [i + 1] : []));
  return found.length === 1 ? found[0] : undefined;
}

/** How deeply JSON may nest: CPython's json decoder fails near its recursion limit (1000) with RecursionError (Salt, a few frames deep already, somewhat earlier). */
const MAX_JSON_DEPTH = 1000;

/** The name of the first array or object nested deeper than {@link MAX_JSON_DEPTH} in `data`, or null (walked without recursion). */
function tooDeep(data: unknown): 'array' | 'object' | null {
  const stack: [unknown, number][] = [[data, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop() as [unknown, number];
    if (typeof v !== 'object' || v === null) continue;
    if (depth > MAX_JSON_DEPTH) return Array.isArray(v) ? 'array' : 'object';
    for (const x of Object.values(v)) stack.push([x, depth + 1]);
  }
  return null;
}

/**
 * Salt's json renderer: a shebang line is skipped, the rest parsed.
 * @throws SaltRenderError for invalid JSON, and for JSON nested deeper than Python's json accepts
 */
function parseJson(text: string, name: string): unknown {
  let data: unknown;
  try {
    data = JSON.parse(text.startsWith('#!') ? text.slice(text.indexOf('\n') + 1) : text);
  } catch (err) {
    throw new SaltRenderError(`Unable to render ${name} with the json renderer: ${errorMessage(err)}`, name);
  }
  const deep = tooDeep(data);
  if (deep !== null) {
    throw new SaltRenderError(`Unable to render ${name} with the json renderer: maximum recursion depth exceeded while decoding a JSON ${deep} from a unicode string`, name);
  }
  return data;
}

/**
 * Salt's compile_template: render `input` through its shebang's pipe, else `defaultPipe`.
 * @throws SaltRenderError as {@link renderPipe}, or for an unknown renderer
 */
export function compileTemplate(input: RenderInput, defaultPipe: string): Promise<unknown> {
  return renderPipe(input, parsePipe(shebangPipe(input.text) ?? defaultPipe, nameOf(input)));
}
