/**
 * Helpers for the evaluator's tests: an in-memory loader, a few inline
 * filters and tests (the real ones live elsewhere), stand-ins for the Python
 * methods and % formatting that other parts of the engine provide, and
 * `render()` to run a template and `renderError()` to catch its failure.
 */
import { Environment, TemplateRuntimeError, type EnvironmentOptions, type TemplateLoader } from '@brine/core/jinja/environment';
import type { FilterFn, TestFn } from '@brine/core/jinja/filters/types';
import { PyError, PyFunction, Undefined, isDict, pyStr, tuple, type PyDict } from '@brine/core/jinja/runtime/values';

/** A loader over `files`; `TemplateNotFound` for anything else. */
export function memoryLoader(files: Record<string, string>): TemplateLoader {
  return {
    getSource: async (name) => {
      if (!Object.prototype.hasOwnProperty.call(files, name)) throw new PyError('TemplateNotFound', name);
      return { name, source: files[name] as string };
    },
  };
}

/** Minimal filters: upper, join, default, trim, length, list, items, async_upper (returns a Promise). */
export const FILTERS = new Map<string, FilterFn>([
  ['upper', (_c, v) => pyStr(v).toUpperCase()],
  ['trim', (_c, v) => pyStr(v).trim()],
  ['join', (_c, v, args) => (v as unknown[]).map(pyStr).join((args[0] as string | undefined) ?? '')],
  ['default', (_c, v, args) => (v instanceof Undefined ? (args[0] ?? '') : v)],
  ['length', (_c, v) => (isDict(v) ? v.size : (v as unknown[]).length)],
  ['list', (_c, v) => (typeof v === 'string' ? v.split('') : isDict(v) ? [...v.keys()] : Array.from(v as unknown[]))],
  ['async_upper', async (_c, v) => pyStr(v).toUpperCase()],
  ['attr', (c, v, args) => c.getattr(v, args[0] as string)],
]);

/** Minimal tests: defined, undefined, none, odd, divisibleby. */
export const TESTS = new Map<string, TestFn>([
  ['defined', (_c, v) => !(v instanceof Undefined)],
  ['undefined', (_c, v) => v instanceof Undefined],
  ['none', (_c, v) => v === null],
  ['odd', (_c, v) => (v as number) % 2 === 1],
  ['divisibleby', (_c, v, args) => (v as number) % (args[0] as number) === 0],
]);

/** Stand-in for ../python/methods: dict.get/items/keys/update, list.append, str.upper/split. */
export function fakeMethod(obj: unknown, name: string): PyFunction | undefined {
  if (isDict(obj)) {
    const d = obj as PyDict;
    if (name === 'get') return new PyFunction('get', (a) => (d.has(a[0]) ? d.get(a[0]) : (a[1] ?? null)));
    if (name === 'items') return new PyFunction('items', () => [...d].map((kv) => tuple(kv)));
    if (name === 'keys') return new PyFunction('keys', () => [...d.keys()]);
    if (name === 'update') return new PyFunction('update', (a) => {
      for (const [k, v] of a[0] as PyDict) d.set(k, v);
      return null;
    });
    return undefined;
  }
  if (Array.isArray(obj) && name === 'append') return new PyFunction('append', (a) => (obj.push(a[0]), null));
  if (typeof obj === 'string' && name === 'upper') return new PyFunction('upper', () => obj.toUpperCase());
  if (typeof obj === 'string' && name === 'split') return new PyFunction('split', (a) => obj.split((a[0] as string | undefined) ?? ' '));
  return undefined;
}

/** Stand-in for ../python/percent-format: `%s` only. */
export function fakePercent(format: string, values: unknown): string {
  const list = Array.isArray(values) ? [...values] : [values];
  return format.replace(/%s/g, () => pyStr(list.shift()));
}

/** An Environment with the inline filters and tests, `files` as its templates. */
export function env(files: Record<string, string> = {}, options: EnvironmentOptions = {}): Environment {
  return new Environment({ loader: memoryLoader(files), filters: FILTERS, tests: TESTS, ...options });
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
