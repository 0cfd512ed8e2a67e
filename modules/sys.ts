/**
 * Salt's `sys` module: what the minion can run, with each function's docs and
 * arguments, read from the module definitions the loader holds.
 */
import { arg, defineFunction, defineModule, moduleKey, type FunctionDef, type FunctionSet, type LoaderView } from '@brine/core/loader/define';
import { docstring } from '@brine/core/loader/docstring';
import { globMatch } from '@brine/core/matchers/glob';

/**
 * Functions selected by `name` as Salt's sys functions select them: all when
 * `name` is empty, every `mod.*` for a module name, else the one `mod.fun`.
 * @returns `[['mod.fun', def], ...]` sorted by name
 */
function selectFunctions(loader: LoaderView, name?: string): [string, FunctionDef][] {
  const all = functionsOf(loader.modules(), moduleKey).map(([full, def]): [string, FunctionDef] => [full, def]);
  return all.filter(([full]) => !name || full === name || full.startsWith(`${name}.`));
}

/** Every function of `sets` as `['mod.fun', def, set]`, sorted by name; `key` is the name users type for a set. */
function functionsOf<S extends FunctionSet<never>>(sets: S[], key: (set: S) => string): [string, S['functions'][string], S][] {
  return sets
    .flatMap((m) => Object.entries(m.functions).map(([fn, def]): [string, S['functions'][string], S] => [`${key(m)}.${fn}`, def as S['functions'][string], m]))
    .sort(([a], [b]) => a.localeCompare(b));
}

/**
 * Module names of `names` ('mod.fun') selected as Salt's sys.list_runners and
 * list_state_modules select them: all without patterns; a pattern with `*`
 * is an fnmatch glob on 'mod.fun'; any other is a module name.
 * @returns the selected module names, sorted, each once
 */
function selectModules(names: string[], patterns: string[]): string[] {
  const modOf = (full: string) => full.slice(0, full.indexOf('.'));
  const picked = names.filter((full) => patterns.length === 0 || patterns.some((p) => (p.includes('*') ? globMatch(p, full) : modOf(full) === p)));
  return [...new Set(picked.map(modOf))].sort();
}

/**
 * Names of `names` ('mod.fun') selected as Salt's sys.list_state_functions and
 * state_doc select them: all without patterns; a pattern with `*` or `.` is an
 * fnmatch glob on 'mod.fun'; any other selects every function of that module.
 */
function selectFunctionNames(names: string[], patterns: string[]): string[] {
  const selected = (full: string, p: string) => (p.includes('*') || p.includes('.') ? globMatch(p, full) : full.startsWith(`${p}.`));
  return names.filter((full) => patterns.length === 0 || patterns.some((p) => selected(full, p)));
}

/** The extra positional arguments of a `*args` function, as strings. */
const patternsOf = (args: unknown[]): string[] => args.map(String);

const nameArg = arg({
  name: 'name',
  type: 'string',
  doc: "A module ('test'), a function ('test.ping'), or nothing for all.",
});

export default defineModule({
  name: 'sys',
  doc: 'List the modules and functions a minion offers, with their documentation and arguments.',
  functions: {
    list_modules: defineFunction({
      doc: "Return the names of the modules loaded on the minion, sorted, as you type them ('cmd', 'pkg').",
      example: "salt '*' sys.list_modules",
      args: [],
      run: (ctx) => ctx.loader.modules().map(moduleKey),
    }),
    list_functions: defineFunction({
      doc: "Return the functions the minion offers as sorted 'module.function' names, for one module or all.\nAn unknown module gives an empty list.",
      example: "salt '*' sys.list_functions sys",
      args: [{ ...nameArg, doc: "A module name ('test'), or nothing for all modules." }],
      run: (ctx, { name }) => selectFunctions(ctx.loader, name).map(([full]) => full),
    }),
    doc: defineFunction({
      doc:
        "Return the documentation of functions as a dict `{'module.function': text}`, each with a CLI example.\n" +
        'Asking for a module also returns its own description under its name. An unknown name gives an empty dict.',
      example: "salt '*' sys.doc test.ping",
      args: [nameArg],
      run(ctx, { name }) {
        const mod = name === undefined ? undefined : ctx.loader.module(name);
        const docs: Record<string, string> = mod ? { [moduleKey(mod)]: mod.doc } : {};
        for (const [full, def] of selectFunctions(ctx.loader, name)) docs[full] = docstring(def);
        return docs;
      },
    }),
    argspec: defineFunction({
      doc:
        "Return the arguments of functions as `{'module.function': {args, defaults, varargs, kwargs}}`:\n" +
        '`args` lists argument names in call order, `defaults` the default values of the optional ones,\n' +
        "`varargs` is '__args__' when extra positional arguments are accepted (else null), and `kwargs`\n" +
        "'__kwargs__' when extra keyword arguments are accepted (else null). An unknown name gives an empty dict.",
      example: "salt '*' sys.argspec grains.get",
      args: [nameArg],
      run: (ctx, { name }) =>
        Object.fromEntries(
          selectFunctions(ctx.loader, name).map(([full, def]) => [
            full,
            {
              args: def.args.map((a) => a.name),
              defaults: def.args.filter((a) => !a.required).map((a) => a.default ?? null),
              varargs: def.varargs ? '__args__' : null,
              kwargs: def.varkwargs ? '__kwargs__' : null,
            },
          ]),
        ),
    }),
    list_runners: defineFunction({
      doc:
        "Return the names of the runner modules of this installation (what salt-run runs on the master), sorted, as Salt's.\n" +
        "Arguments narrow the list: a module name, or an fnmatch glob on 'module.function' ('manage.*').",
      example: "salt '*' sys.list_runners 'm*'",
      args: [],
      varargs: true,
      run: (ctx, a) => selectModules(functionsOf(ctx.loader.runners(), (r) => r.name).map(([full]) => full), patternsOf(a.__args__)),
    }),
    list_state_modules: defineFunction({
      doc:
        "Return the names of the state modules the minion offers (built-in and synced from salt://_states), sorted.\n" +
        "Arguments narrow the list: a module name, or an fnmatch glob on 'module.function' ('file.*').",
      example: "salt '*' sys.list_state_modules 'pk*'",
      args: [],
      varargs: true,
      run: (ctx, a) => selectModules(functionsOf(ctx.loader.stateModules(), moduleKey).map(([full]) => full), patternsOf(a.__args__)),
    }),
    list_state_functions: defineFunction({
      doc:
        "Return the state functions the minion offers as sorted 'module.function' names.\n" +
        "Arguments narrow the list: a module name ('file'), or an fnmatch glob ('file.*', 'pkg.inst*').",
      example: "salt '*' sys.list_state_functions file pkg.installed",
      args: [],
      varargs: true,
      run: (ctx, a) => selectFunctionNames(functionsOf(ctx.loader.stateModules(), moduleKey).map(([full]) => full), patternsOf(a.__args__)),
    }),
    state_doc: defineFunction({
      doc:
        "Return the documentation of state functions as a dict `{'module.function': text}`, with each selected module's own\n" +
        "description under its name. Arguments select as sys.list_state_functions does; none selects every state function.",
      example: "salt '*' sys.state_doc file.managed",
      args: [],
      varargs: true,
      run(ctx, a) {
        const patterns = patternsOf(a.__args__);
        const all = functionsOf(ctx.loader.stateModules(), moduleKey);
        const wanted = new Set(selectFunctionNames(all.map(([full]) => full), patterns));
        const docs: Record<string, string> = {};
        for (const [full, def, mod] of all.filter(([full]) => wanted.has(full))) {
          docs[moduleKey(mod)] = mod.doc;
          docs[full] = docstring(def);
        }
        return docs;
      },
    }),
  },
});
