/**
 * The `pillar` execution module: read this minion's pillar, the per-minion
 * data the master compiles from pillar_roots, as Salt's pillar module.
 */
import { defineFunction, defineModule, type ArgSpec } from '@brine/core/loader/define';
import { traverse } from '@brine/core/traverse';

const KEY_ARGS = [
  { name: 'key', type: 'string', required: true, doc: "Pillar key; nested keys joined with ':' (e.g. 'users:alice:uid')." },
  { name: 'default', type: 'any', default: '', doc: 'Returned when the key is absent.' },
  { name: 'delimiter', type: 'string', default: ':', doc: 'Separator of nested keys.' },
] as const satisfies readonly ArgSpec[];

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
      doc: "Return the value of a pillar key, or `default` ('' unless given) when it is absent. Nested keys are joined with ':'.",
      example: "salt '*' pillar.get users:alice:uid default=1000",
      args: KEY_ARGS,
      run: (ctx, a) => traverse(ctx.pillar, a.key, a.default, a.delimiter),
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
