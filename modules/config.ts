/**
 * The `config` execution module: one lookup across the minion's
 * configuration, then its grains, then its pillar, as Salt's config.get.
 */
import { defineFunction, defineModule } from '@brine/core/loader/define';
import { traverse } from '@brine/core/traverse';

/** Marks "not found" in one source, so a falsy value found there still wins. */
const MISSING = Symbol('missing');

export default defineModule({
  name: 'config',
  doc: 'Look up a value in the minion configuration, grains and pillar, in that order.',
  functions: {
    get: defineFunction({
      doc: "Return the value of `key` from the minion configuration, else the grains, else the pillar (Salt's order), or `default` ('' unless given). Nested keys are joined with ':'.",
      example: "salt '*' config.get master_port",
      args: [
        { name: 'key', type: 'string', required: true, doc: "The key; nested keys joined with ':'." },
        { name: 'default', type: 'any', default: '', doc: 'Returned when no source has the key.' },
        { name: 'delimiter', type: 'string', default: ':', doc: 'Separator of nested keys.' },
      ],
      run: (ctx, a) => {
        for (const source of [ctx.opts, ctx.grains, ctx.pillar]) {
          const v = traverse(source, a.key, MISSING, a.delimiter);
          if (v !== MISSING) return v;
        }
        return a.default;
      },
    }),
  },
});
