/**
 * High data, Salt's middle layer: every ID declaration of the SLS files in a
 * run, with its state declarations (module, function, ordered arguments).
 * This file checks one rendered SLS and turns it into that form, accepting
 * Salt's spellings of a state declaration:
 *
 *     web:                      web:                    web: pkg.installed
 *       pkg.installed:            pkg:
 *         - name: nginx             - installed
 *       service.running: []         - name: nginx
 *
 * and reports Salt's structural errors ("State 'x' in SLS 'y' is not formed
 * as a list", "Too many functions declared in state ...", ...).
 */
import { isDict } from '../python';
import { REQUISITE_KEYWORDS } from './requisites';

/** One `- key: value` argument of a state declaration. */
export type StateArg = [key: string, value: unknown];

/**
 * One module's declaration under an ID: its function and its arguments in order.
 * `funAt` is where Salt's high data list holds the function among the arguments
 * (how many arguments precede it): where the SLS wrote it in the `pkg: [installed, ...]`
 * form, after the SLS's arguments in the `pkg.installed: [...]` form (Salt appends it
 * when it splits the dotted key). Arguments added later (`order`, extensions) come after it.
 */
export interface StateDecl {
  fun: string;
  funAt: number;
  args: StateArg[];
}

/** An ID declaration: the SLS and environment it came from, and its state declarations by module, in order. */
export interface IdDecl {
  sls: string;
  env: string;
  states: Map<string, StateDecl>;
}

/** High data: ID -> declaration, in definition order. */
export type HighData = Map<string, IdDecl>;

/** A parsed declaration; `fun` (and so `funAt`) may be missing in an `extend` entry. */
type ParsedDecl = { fun?: string; funAt: number; args: StateArg[] };

/** An `extend` entry: module -> the function (if replaced) and arguments to merge. */
export type ExtendDecl = Map<string, ParsedDecl>;

/** An `include` entry: an SLS name (maybe relative, `.foo`) and, for `- env: sls`, its environment. */
export interface IncludeRef {
  sls: string;
  saltenv?: string;
}

/** An `exclude` entry: an SLS (glob) or an ID. */
export type ExcludeRef = { sls: string } | { id: string };

/** What one SLS file contributes. */
export interface SlsFragment {
  ids: HighData;
  include: IncludeRef[];
  extend: Map<string, ExtendDecl>;
  exclude: ExcludeRef[];
  errors: string[];
}

/** Split `pkg.installed` into module and function (everything after the first dot). */
function splitDotted(key: string): [string, string | undefined] {
  const dot = key.indexOf('.');
  return dot < 0 ? [key, undefined] : [key.slice(0, dot), key.slice(dot + 1)];
}

/** Checks a requisite argument's shape: a list of IDs or single-key mappings. */
function checkRequisite(key: string, value: unknown, where: string, errors: string[]): void {
  if (!Array.isArray(value)) {
    errors.push(`The ${key} statement in state ${where} needs to be formed as a list`);
    return;
  }
  for (const ref of value) {
    if (typeof ref !== 'string' && !(isDict(ref) && Object.keys(ref).length === 1)) {
      errors.push(`Requisite declaration ${JSON.stringify(ref)} in state ${where} is not formed as a single key dictionary`);
    }
  }
}

/**
 * Parse one module's declaration (`pkg.installed: [...]` or `pkg: [installed, ...]`).
 * @param needFun false for `extend`, where the function may be left out
 * @returns the module and declaration, or undefined after pushing errors
 */
function parseStateDecl(key: string, body: unknown, id: string, sls: string, needFun: boolean, errors: string[]): [string, ParsedDecl] | undefined {
  const [module, dotted] = splitDotted(key);
  const where = `'${id}' in SLS '${sls}'`;
  if (body === null || body === undefined) {
    errors.push(`ID ${where} contains a short declaration (${key}) with a trailing colon. When not passing any arguments to a state, the colon must be omitted.`);
    return undefined;
  }
  if (!Array.isArray(body)) {
    errors.push(`State ${where} is not formed as a list`);
    return undefined;
  }
  const funs = dotted === undefined ? [] : [dotted];
  const args: StateArg[] = [];
  let funAt: number | undefined;
  const before = errors.length;
  for (const item of body) {
    if (typeof item === 'string') {
      if (/\s/.test(item.trim())) {
        errors.push(`The function "${item}" in state ${where} has whitespace, a function with whitespace is not supported, perhaps this is an argument that is missing a ":"`);
      }
      funs.push(item);
      funAt ??= args.length;
    } else if (isDict(item)) {
      for (const [k, v] of Object.entries(item)) {
        if (k === 'names' && !Array.isArray(v)) errors.push(`The 'names' argument in state ${where} needs to be formed as a list`);
        if (REQUISITE_KEYWORDS.has(k)) checkRequisite(k, v, where, errors);
        args.push([k, v]);
      }
    } else {
      errors.push(`State ${where} has an argument that is neither a function name nor a mapping: ${JSON.stringify(item)}`);
    }
  }
  if (funs.length > 1) errors.push(`Too many functions declared in state '${module}' in SLS '${sls}'`);
  if (funs.length === 0 && needFun) errors.push(`No function declared in state '${module}' in SLS '${sls}'`);
  return errors.length > before ? undefined : [module, { fun: funs[0], funAt: funAt ?? args.length, args }];
}

/** Parse the body of an ID (a mapping of state declarations, or the `pkg.installed` shorthand). */
function parseIdBody(id: string, body: unknown, sls: string, needFun: boolean, errors: string[]): Map<string, ParsedDecl> | undefined {
  if (typeof body === 'string' && body.includes('.')) body = { [body]: [] };
  if (!isDict(body)) {
    errors.push(`ID '${id}' in SLS '${sls}' is not a dictionary`);
    return undefined;
  }
  const states = new Map<string, ParsedDecl>();
  for (const [key, decl] of Object.entries(body)) {
    if (key.startsWith('__')) continue;
    const parsed = parseStateDecl(key, decl, id, sls, needFun, errors);
    if (!parsed) continue;
    if (states.has(parsed[0])) errors.push(`Too many functions declared in state '${parsed[0]}' in SLS '${sls}'`);
    else states.set(parsed[0], parsed[1]);
  }
  return states;
}

/**
 * Parse an `include` or `exclude` list entry by entry.
 * @param entry the entry's value, or undefined when it has none of the `expected` forms
 */
function parseList<T>(what: string, value: unknown, sls: string, errors: string[], expected: string, entry: (item: unknown) => T | undefined): T[] {
  if (!Array.isArray(value)) {
    errors.push(`${what} Declaration in SLS '${sls}' is not formed as a list`);
    return [];
  }
  const out: T[] = [];
  for (const item of value) {
    const parsed = entry(item);
    if (parsed === undefined) errors.push(`${what} Declaration in SLS '${sls}' has an entry that is neither ${expected}: ${JSON.stringify(item)}`);
    else out.push(parsed);
  }
  return out;
}

/** An include entry: `name`, or `{saltenv: name}`. */
function includeEntry(item: unknown): IncludeRef | undefined {
  if (typeof item === 'string') return { sls: item };
  if (!isDict(item) || Object.keys(item).length !== 1) return undefined;
  const [[saltenv, name]] = Object.entries(item);
  return typeof name === 'string' ? { sls: name, saltenv } : undefined;
}

/** An exclude entry: `sls`, `{sls: name}` or `{id: name}`. */
function excludeEntry(item: unknown): ExcludeRef | undefined {
  if (typeof item === 'string') return { sls: item };
  if (isDict(item) && typeof item.sls === 'string') return { sls: item.sls };
  if (isDict(item) && typeof item.id === 'string') return { id: item.id };
  return undefined;
}

function parseExtend(value: unknown, sls: string, errors: string[]): Map<string, ExtendDecl> {
  const out = new Map<string, ExtendDecl>();
  if (!isDict(value)) {
    errors.push(`Extension in SLS '${sls}' is not a dictionary`);
    return out;
  }
  for (const [id, body] of Object.entries(value)) {
    const states = parseIdBody(id, body, sls, false, errors);
    if (states) out.set(id, states);
  }
  return out;
}

/**
 * Check one rendered SLS and split it into IDs, include, extend and exclude.
 * @param data the rendered SLS (YAML data)
 * @returns the fragment; `errors` holds Salt's messages for anything malformed (those IDs are left out)
 */
export function parseSlsData(data: unknown, sls: string, env: string): SlsFragment {
  const frag: SlsFragment = { ids: new Map(), include: [], extend: new Map(), exclude: [], errors: [] };
  if (!isDict(data)) {
    frag.errors.push(`SLS '${sls}' does not render to a dictionary`);
    return frag;
  }
  for (const [id, body] of Object.entries(data)) {
    if (id === 'include') frag.include = parseList('Include', body, sls, frag.errors, 'an SLS name nor {saltenv: sls}', includeEntry);
    else if (id === 'exclude') frag.exclude = parseList('Exclude', body, sls, frag.errors, 'an SLS, {sls: name} nor {id: name}', excludeEntry);
    else if (id === 'extend') frag.extend = parseExtend(body, sls, frag.errors);
    else if (!id.startsWith('__')) {
      const states = parseIdBody(id, body, sls, true, frag.errors);
      // every declaration has its function here: parseIdBody refused those without (needFun)
      if (states) frag.ids.set(id, { sls, env, states: states as Map<string, StateDecl> });
    }
  }
  return frag;
}

/**
 * High data in Salt's dict form, as `state.show_sls` and `state.show_highstate`
 * return it: `{id: {module: [{arg: value}, ..., fun, {order: n}, ...], __sls__, __env__}}`,
 * the function at its {@link StateDecl.funAt} place, as Salt 3006 keeps it.
 */
export function saltHighData(high: HighData): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [id, decl] of high) {
    const body: Record<string, unknown> = {};
    for (const [module, sd] of decl.states) {
      const list: unknown[] = sd.args.map(([k, v]) => ({ [k]: v }));
      list.splice(Math.min(sd.funAt, list.length), 0, sd.fun);
      body[module] = list;
    }
    body.__sls__ = decl.sls;
    body.__env__ = decl.env;
    out[id] = body;
  }
  return out;
}
