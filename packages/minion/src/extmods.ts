/**
 * Loading the custom modules that saltutil.sync_* copied into the extension
 * folder (`<extension_modules>/modules`, `states`, `grains`): each top-level
 * `.js` file is compiled as a CommonJS module and its export checked against
 * the contract (defineModule, defineStateModule, defineGrainsModule). A file
 * that does not compile, throws while loading or exports something else is
 * recorded with a reason, as Salt's loader records a module that failed to
 * import (calls to it answer `'x' __virtual__ returned False: <reason>`),
 * and logged; it never stops the minion. Files are read fresh on every load,
 * so a changed file replaces the old module.
 *
 * Modules resolve `require()` from their own folder first, then from brine's
 * own packages, so `require('@brine/sdk')` works in a synced module.
 */
import fs from 'node:fs';
import Module from 'node:module';
import path from 'node:path';
import { errorMessage } from '@brine/core/errors';
import { moduleKey, type ArgType, type Grains, type ModuleDef } from '@brine/core/loader/define';
import type { GrainsContext, GrainsModuleDef } from '@brine/core/loader/grains';
import type { Logger } from '@brine/core/log';
import { unlessGone } from '@brine/core/paths';
import { isDict } from '@brine/core/python';

/** Node's CommonJS module internals used to compile a file with chosen lookup paths (as the require-from-string package does). */
interface CompilableModule extends Module {
  _compile(code: string, filename: string): void;
}
const NodeModule = Module as unknown as { new (id: string, parent?: Module): CompilableModule; _nodeModulePaths(dir: string): string[] };

const ARG_TYPES: readonly ArgType[] = ['string', 'number', 'integer', 'boolean', 'list', 'dict', 'any'];

/** The custom modules of one type that loaded, and the reasons the others did not, by module name. */
export interface LoadedExtmods<T> {
  defs: T[];
  broken: Map<string, string>;
}

/** A load failure's reason, with the file and line where Node reports one: `SyntaxError: Unexpected identifier 'x' (hello.js, line 3)`. */
function failure(err: unknown, file: string): string {
  // Read by shape, not instanceof: an error from another realm (a vm context, as under jest) is still an error.
  const { name, stack } = (typeof err === 'object' && err !== null ? err : {}) as { name?: unknown; stack?: unknown };
  const trace = typeof stack === 'string' ? stack : '';
  const at = trace.indexOf(`${file}:`);
  const line = at < 0 ? undefined : /^\d+/.exec(trace.slice(at + file.length + 1))?.[0];
  // Node's "Cannot find module" message goes on with the require stack: the first line says it.
  return `${typeof name === 'string' ? name : 'Error'}: ${errorMessage(err).split('\n')[0]}${line ? ` (${path.basename(file)}, line ${line})` : ''}`;
}

/** Compile `file` as a CommonJS module and return its export (`export default` of compiled TypeScript included). */
function compile(file: string): unknown {
  const m = new NodeModule(file, module);
  m.filename = file;
  m.paths = [...NodeModule._nodeModulePaths(path.dirname(file)), ...module.paths];
  m._compile(fs.readFileSync(file, 'utf8'), file);
  const exported: unknown = m.exports;
  return isDict(exported) && exported.__esModule === true && 'default' in exported ? exported.default : exported;
}

/** Why `fn` is not a function declared with defineFunction, or undefined when it is. */
function functionProblem(name: string, fn: unknown): string | undefined {
  if (!isDict(fn) || typeof fn.run !== 'function') return `function '${name}' has no run(ctx, args)`;
  if (typeof fn.doc !== 'string' || typeof fn.example !== 'string') return `function '${name}' needs a doc and an example (strings, for sys.doc)`;
  if (!Array.isArray(fn.args)) return `function '${name}' has no args list (use [] for none)`;
  for (const a of fn.args as unknown[]) {
    if (!isDict(a) || typeof a.name !== 'string' || !ARG_TYPES.includes(a.type as ArgType)) {
      return `function '${name}': each of its args needs a name and a type (${ARG_TYPES.join(', ')})`;
    }
  }
  return undefined;
}

/** Why `def` is not a module named `name` declared with defineModule (or defineStateModule), or undefined when it is. */
function moduleProblem(def: unknown, name: string): string | undefined {
  if (!isDict(def) || typeof def.name !== 'string' || typeof def.doc !== 'string' || !isDict(def.functions)) {
    return 'it does not export defineModule({name, doc, functions})';
  }
  if (def.name !== name) return `it declares name '${def.name}', but its file is ${name}.js`;
  if (def.virtualName !== undefined && typeof def.virtualName !== 'string') return 'virtualName must be a string';
  if (def.virtual !== undefined && typeof def.virtual !== 'function') return 'virtual must be a function';
  for (const [fn, f] of Object.entries(def.functions)) {
    const problem = functionProblem(fn, f);
    if (problem) return problem;
  }
  return undefined;
}

/** Why `def` is not a grains module named `name` declared with defineGrainsModule, or undefined when it is. */
function grainsProblem(def: unknown, name: string): string | undefined {
  if (!isDict(def) || typeof def.name !== 'string' || !isDict(def.functions)) return 'it does not export defineGrainsModule({name, doc, functions})';
  if (def.name !== name) return `it declares name '${def.name}', but its file is ${name}.js`;
  const bad = Object.entries(def.functions).find(([, f]) => typeof f !== 'function');
  return bad ? `grains function '${bad[0]}' is not a function` : undefined;
}

/**
 * Load every top-level `.js` file of `dir` (a missing folder holds none).
 * @param check why an export is not of the contract, or undefined when it is
 * @param log where each failure is logged, as an error
 */
function loadDir<T>(dir: string, check: (def: unknown, name: string) => string | undefined, log: Logger): LoadedExtmods<T> {
  const out: LoadedExtmods<T> = { defs: [], broken: new Map() };
  const files = (unlessGone(() => fs.readdirSync(dir, { withFileTypes: true })) ?? []).filter((e) => e.isFile() && e.name.endsWith('.js'));
  for (const e of files.sort((a, b) => a.name.localeCompare(b.name))) {
    const file = path.join(dir, e.name);
    const name = e.name.slice(0, -'.js'.length);
    let reason: string | undefined;
    try {
      const def = compile(file);
      reason = check(def, name);
      if (!reason) out.defs.push(def as T);
    } catch (err) {
      reason = failure(err, file);
    }
    if (reason) {
      out.broken.set(name, reason);
      log.error(`Failed to load custom module ${file}: ${reason}`);
    }
  }
  return out;
}

/** Load the execution or state modules synced into `<extmodsDir>/<type>`. */
export function loadModules(extmodsDir: string, type: 'modules' | 'states', log: Logger): LoadedExtmods<ModuleDef> {
  return loadDir<ModuleDef>(path.join(extmodsDir, type), moduleProblem, log);
}

/**
 * The functions of a built-in module that a custom module of the same name never replaces: saltutil's sync_* and
 * refresh_modules, the only way to fetch a corrected module and load it. Without them a synced `saltutil.js`
 * (broken, or a bad sync_modules) would leave a minion that no job could repair.
 */
function pinned(module: string, fn: string): boolean {
  return module === 'saltutil' && (fn.startsWith('sync_') || fn === 'refresh_modules');
}

/**
 * Custom modules `custom` as the minion loads them over `builtins`: a custom module that takes a built-in's name
 * (its file name or virtualName) keeps its own functions, except the built-in's pinned ones (saltutil.sync_* and
 * saltutil.refresh_modules), which are always the built-in's.
 */
export function keepPinned(custom: ModuleDef[], builtins: ModuleDef[]): ModuleDef[] {
  return custom.map((def) => {
    const key = moduleKey(def);
    const builtin = builtins.find((b) => moduleKey(b) === key);
    const keep = Object.entries(builtin?.functions ?? {}).filter(([fn]) => pinned(key, fn));
    return keep.length ? { ...def, functions: { ...def.functions, ...Object.fromEntries(keep) } } : def;
  });
}

/** Load the grains modules synced into `<extmodsDir>/grains`. */
export function loadGrainsModules(extmodsDir: string, log: Logger): LoadedExtmods<GrainsModuleDef> {
  return loadDir<GrainsModuleDef>(path.join(extmodsDir, 'grains'), grainsProblem, log);
}

/**
 * Run the grains functions of `defs` (modules in name order, each one's
 * functions in name order) over `ctx.grains`, merging what each returns. A
 * function that throws or returns something other than a dict is logged and
 * skipped.
 * @returns only the grains the functions added or changed
 */
export async function customGrains(defs: GrainsModuleDef[], ctx: GrainsContext): Promise<Grains> {
  const added: Grains = {};
  for (const def of defs) {
    for (const fn of Object.keys(def.functions).sort()) {
      try {
        const got: unknown = await def.functions[fn]({ ...ctx, grains: { ...ctx.grains, ...added } });
        if (isDict(got)) Object.assign(added, got);
        else ctx.log.error(`Custom grains function ${def.name}.${fn} returned ${typeof got}, not a dict; ignored`);
      } catch (err) {
        ctx.log.error(`Custom grains function ${def.name}.${fn} failed: ${errorMessage(err)}`);
      }
    }
  }
  return added;
}
