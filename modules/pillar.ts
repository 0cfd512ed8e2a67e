/**
 * The `pillar` execution module: read this minion's pillar, the per-minion
 * data the master compiles from pillar_roots, as Salt's pillar module.
 */
import { isDeepStrictEqual } from 'node:util';
import { defineFunction, defineModule, type ArgSpec, type ExecContext } from '@brine/core/loader/define';
import { isDict } from '@brine/core/python';
import { traverse } from '@brine/core/traverse';
import { deepcopy, update } from './lib/dictupdate';

const GET_ARGS = [
  { name: 'key', type: 'string', required: true, doc: "Pillar key; nested keys joined with ':' (e.g. 'users:alice:uid')." },
  { name: 'default', type: 'any', default: '', doc: 'Returned when the key is absent.' },
  {
    name: 'merge',
    type: 'boolean',
    default: false,
    doc: 'With a dict default, return the default recursively updated with the pillar value; with a list default, the default plus the pillar items it lacks.',
  },
  { name: 'merge_nested_lists', type: 'boolean', doc: 'With merge: merge lists inside the dicts too (default: the pillar_merge_lists option, False).' },
  { name: 'delimiter', type: 'string', default: ':', doc: 'Separator of nested keys.' },
  { name: 'pillarenv', type: 'string', doc: 'Accepted for compatibility: the minion holds one pillar.' },
  { name: 'saltenv', type: 'string', doc: 'Accepted for compatibility: the minion holds one pillar.' },
] as const satisfies readonly ArgSpec[];

/**
 * Salt's pillar.get with merge=True: a dict default updated by a dict pillar value, a list default extended with the
 * pillar list's new items; anything else is logged and the merge skipped (undefined is returned).
 */
function mergedGet(ctx: ExecContext, key: string, fallback: unknown, delimiter: string, mergeLists: boolean): unknown {
  if (isDict(fallback)) {
    const found = traverse(ctx.pillar, key, {}, delimiter);
    if (isDict(found)) return update(deepcopy(fallback), found, true, mergeLists);
    ctx.log.error(`pillar.get: Default (${JSON.stringify(fallback)}) is a dict, but the returned pillar value is not. Merge will be skipped.`);
  } else if (Array.isArray(fallback)) {
    const found = traverse(ctx.pillar, key, [], delimiter);
    if (Array.isArray(found)) {
      const out = deepcopy(fallback);
      out.push(...found.filter((x) => !out.some((y) => isDeepStrictEqual(x, y))));
      return out;
    }
    ctx.log.error(`pillar.get: Default (${JSON.stringify(fallback)}) is a list, but the returned pillar value is not. Merge will be skipped.`);
  } else {
    ctx.log.error(`pillar.get: Default (${JSON.stringify(fallback)}) must be a dict or list to merge. Merge will be skipped.`);
  }
  return undefined;
}

export default defineModule({
  name: 'pillar',
  doc: "Read the minion's pillar: data the master compiled for this minion alone (secrets included), held in the minion's memory.",
  functions: {
    items: defineFunction({
      doc: 'Return the whole pillar as a dict. Render errors, if any, are under the `_errors` key, as Salt.',
      example: "salt '*' pillar.items",
      args: [],
      run: (ctx) => ctx.pillar,
    }),
    raw: defineFunction({
      doc: 'Return the whole pillar, or the value of one top-level key, without any processing.',
      example: "salt '*' pillar.raw users",
      args: [{ name: 'key', type: 'string', doc: 'A top-level pillar key; omit for the whole pillar.' }],
      run: (ctx, a) => (a.key === undefined ? ctx.pillar : ctx.pillar[a.key]),
    }),
    get: defineFunction({
      doc:
        "Return the value of a pillar key, or `default` ('' unless given) when it is absent. Nested keys are joined with ':'.\n" +
        'With merge=True and a dict (or list) default, the default is merged with the pillar value, as Salt: map.jinja files\n' +
        "use salt['pillar.get']('nginx', {...defaults...}, merge=True).",
      example: "salt '*' pillar.get users:alice:uid default=1000",
      args: GET_ARGS,
      run: (ctx, a) => {
        if (a.merge) {
          const mergeLists = a.merge_nested_lists ?? ctx.opts.pillar_merge_lists;
          const merged = mergedGet(ctx, a.key, a.default, a.delimiter, mergeLists);
          if (merged !== undefined) return merged;
        }
        return traverse(ctx.pillar, a.key, a.default, a.delimiter);
      },
    }),
    item: defineFunction({
      doc: "Return the named pillar keys as a dict {key: value}; a missing key gives ''. Nested keys use ':'.",
      example: "salt '*' pillar.item users motd",
      args: [],
      varargs: true,
      run: (ctx, a) => Object.fromEntries(a.__args__.map((k) => [String(k), traverse(ctx.pillar, String(k), '')])),
    }),
    ls: defineFunction({
      doc: 'Return the top-level pillar keys, sorted.',
      example: "salt '*' pillar.ls",
      args: [],
      run: (ctx) => Object.keys(ctx.pillar).sort(),
    }),
  },
});
