/**
 * Salt's `sys` module: what the minion can run, with each function's docs and
 * arguments, read from the module definitions the loader holds.
 */
import { arg, defineFunction, defineModule, moduleKey, type FunctionDef, type LoaderView } from '@brine/core/loader/define';
import { docstring } from '@brine/core/loader/docstring';

/**
 * Functions selected by `name` as Salt's sys functions select them: all when
 * `name` is empty, every `mod.*` for a module name, else the one `mod.fun`.
 * @returns `[['mod.fun', def], ...]` sorted by name
 */
function selectFunctions(loader: LoaderView, name?: string): [string, FunctionDef][] {
  const all = loader.modules().flatMap((m) => Object.entries(m.functions).map(([fn, def]): [string, FunctionDef] => [`${moduleKey(m)}.${fn}`, def]));
  return all.filter(([full]) => !name || full === name || full.startsWith(`${name}.`)).sort(([a], [b]) => a.localeCompare(b));
}

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
  },
});
