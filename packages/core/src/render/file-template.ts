/**
 * Templated files, as Salt's `template:` argument of file.managed,
 * cmd.script and cp.get_template (salt.utils.templates.TEMPLATE_REGISTRY):
 * the file is rendered by the named engine with the caller's variables.
 */
import { SaltInvocationError } from '../errors';
import { saltPath } from '../fileserver/roots';
import type { FileClient, SaltCaller } from '../loader/define';
import { renderPipe, type RendererName } from './pipe';

/** The engines a `template:` argument may name. */
const TEMPLATE_ENGINES: readonly RendererName[] = ['jinja', 'handlebars'];

/** A file to render as a template. */
export interface FileTemplate {
  /** The engine (`jinja`, `handlebars`). */
  readonly engine: string;
  readonly text: string;
  /** Where it came from (a `salt://` URL), for imports beside it and for messages; undefined for inline contents. */
  readonly source?: string;
  readonly saltenv: string;
  /** grains, pillar, opts and the caller's context. */
  readonly vars: Record<string, unknown>;
  readonly salt: SaltCaller;
  readonly files?: FileClient;
}

/**
 * The engine a `template:` argument names.
 * @throws SaltInvocationError `Specified template format X is not supported` for another engine (Salt's message)
 */
export function templateEngine(name: string): RendererName {
  const engine = TEMPLATE_ENGINES.find((e) => e === name);
  if (!engine) throw new SaltInvocationError(`Specified template format ${name} is not supported`);
  return engine;
}

/**
 * Render a templated file.
 * @returns the rendered text
 * @throws SaltInvocationError for an engine brine does not have ({@link templateEngine}); SaltRenderError from the engine
 */
export async function renderFileTemplate(t: FileTemplate): Promise<string> {
  const engine = templateEngine(t.engine);
  const path = t.source?.startsWith('salt://') ? saltPath(t.source.split('?')[0]) : undefined;
  return (await renderPipe({ text: t.text, path, sls: '', saltenv: t.saltenv, vars: t.vars, salt: t.salt, files: t.files }, [engine])) as string;
}
