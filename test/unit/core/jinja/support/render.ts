/**
 * Helpers for the evaluator's tests: an in-memory loader, an async filter,
 * and `render()` to run a template and `renderError()` to catch its failure.
 */
import { Environment, TemplateRuntimeError, type EnvironmentOptions, type TemplateLoader } from '@brine/core/jinja/environment';
import type { FilterFn } from '@brine/core/jinja/filters/types';
import { PyError, pyStr } from '@brine/core/jinja/runtime/values';

/** A loader over `files`; `TemplateNotFound` for anything else. */
export function memoryLoader(files: Record<string, string>): TemplateLoader {
  return {
    getSource: async (name) => {
      if (!Object.prototype.hasOwnProperty.call(files, name)) throw new PyError('TemplateNotFound', name);
      return { name, source: files[name] as string };
    },
  };
}

/** A filter that answers with a Promise, as Salt's execution-function filters do. */
const FILTERS = new Map<string, FilterFn>([['async_upper', async (_c, v) => pyStr(v).toUpperCase()]]);

/** An Environment with the engine's filters and tests plus `async_upper`, `files` as its templates. */
export function env(files: Record<string, string> = {}, options: EnvironmentOptions = {}): Environment {
  return new Environment({ loader: memoryLoader(files), filters: FILTERS, ...options });
}

/** Render `source` with `vars`. */
export function render(source: string, vars: Record<string, unknown> = {}, files: Record<string, string> = {}, options: EnvironmentOptions = {}): Promise<string> {
  return env(files, options).fromString(source, 'test.sls').render(vars);
}

/** The TemplateRuntimeError rendering `source` raises (fails the test when it renders). */
export async function renderError(source: string, vars: Record<string, unknown> = {}, files: Record<string, string> = {}): Promise<TemplateRuntimeError> {
  try {
    const out = await render(source, vars, files);
    throw new Error(`rendered without error: ${JSON.stringify(out)}`);
  } catch (e) {
    if (e instanceof TemplateRuntimeError) return e;
    throw e;
  }
}

/** `pyType: reason` of the error rendering `source` raises. */
export async function failure(source: string, vars: Record<string, unknown> = {}, files: Record<string, string> = {}): Promise<string> {
  const e = await renderError(source, vars, files);
  return `${e.pyType}: ${e.reason}`;
}
