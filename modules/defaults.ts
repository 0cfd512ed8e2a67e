/**
 * Salt's `defaults` execution module: merge a formula's defaults with its
 * settings, and copy data, from templates. Merging is Salt's
 * `dictupdate.update` (lib/dictupdate.ts).
 */
import { SaltInvocationError } from '@brine/core/errors';
import { defineFunction, defineModule } from '@brine/core/loader/define';
import { isDict } from '@brine/core/python';
import { deepcopy, update, type Dict } from './lib/dictupdate';

/**
 * Salt's `defaults.merge`: `src` merged recursively into `dest` (or into a deep copy of it).
 * @throws SaltInvocationError "Can't perform in-place merge into NoneType" for a None `dest` merged in place
 */
function mergeInto(dest: unknown, src: unknown, mergeLists: boolean, inPlace: boolean, convertNone: boolean): Dict {
  const from = src === null && convertNone ? {} : src;
  let into = dest;
  if (into === null && convertNone) {
    if (inPlace) throw new SaltInvocationError("Can't perform in-place merge into NoneType");
    into = {};
  }
  return update(inPlace ? into : deepcopy(into), from, true, mergeLists);
}

const MERGE_LISTS = { name: 'merge_lists', type: 'boolean', doc: "Append `src`'s list items missing from `dest`'s lists instead of replacing the lists." } as const;
const IN_PLACE = {
  name: 'in_place',
  type: 'boolean',
  default: true,
  doc: 'Change `dest` itself (seen by a template that passed it); when false, merge into a deep copy and leave `dest` alone.',
} as const;
const CONVERT_NONE = { name: 'convert_none', type: 'boolean', default: true, doc: 'Take a None `src` (or, not in place, `dest`) as {}.' } as const;

export default defineModule({
  name: 'defaults',
  doc: "Merge default settings into data and copy data, for formulas' templates, as Salt's defaults module.",
  functions: {
    merge: defineFunction({
      doc: `Merge \`src\` into \`dest\` recursively and return the result, as Salt's defaults.merge: nested dicts are merged,
other values of \`src\` replace those of \`dest\`; lists are replaced unless merge_lists=True. In place by default, so a
template's \`dest\` changes too.
Raises SaltInvocationError when \`dest\` or \`src\` is not a dict (or None, with convert_none).`,
      example: "salt '*' defaults.merge '{a: b}' '{d: e}'",
      args: [
        { name: 'dest', type: 'any', required: true, doc: 'The dict merged into (the defaults).' },
        { name: 'src', type: 'any', required: true, doc: 'The dict merged in (the settings that win).' },
        { ...MERGE_LISTS, default: false },
        IN_PLACE,
        CONVERT_NONE,
      ],
      run: (_ctx, a) => mergeInto(a.dest, a.src, a.merge_lists, a.in_place, a.convert_none),
    }),
    update: defineFunction({
      doc: `For each entry of \`dest\` (a dict of nodes, e.g. hosts), merge the node over a deep copy of \`defaults\` and
store the result back, as Salt's defaults.update: every node gets the defaults it does not set. Lists are merged
(merge_lists=True by default). Returns the nodes; in place by default.
Raises SaltInvocationError when \`dest\` is None in place, or a node or the defaults are not dicts.`,
      example: `salt '*' defaults.update '{host01: {index: foo}}' '{enabled: True}'`,
      args: [
        { name: 'dest', type: 'any', required: true, doc: 'The nodes: {name: settings}.' },
        { name: 'defaults', type: 'any', required: true, doc: 'Settings every node starts from.' },
        { ...MERGE_LISTS, default: true },
        IN_PLACE,
        CONVERT_NONE,
      ],
      run: (_ctx, a) => {
        if (a.in_place && a.dest === null) throw new SaltInvocationError("Can't perform in-place update into NoneType");
        const nodes = a.in_place ? a.dest : deepcopy(a.dest === null && a.convert_none ? {} : a.dest);
        if (!isDict(nodes)) throw new SaltInvocationError('defaults.update: dest must be a dict of nodes');
        const defaults = a.defaults === null && a.convert_none ? {} : a.defaults;
        for (const [name, vars] of Object.entries(nodes)) nodes[name] = mergeInto(deepcopy(defaults), vars, a.merge_lists, true, a.convert_none);
        return nodes;
      },
    }),
    deepcopy: defineFunction({
      doc: 'Return a deep copy of `source` (lists and dicts copied all the way down), so a template can change it without changing the original.',
      example: "salt '*' defaults.deepcopy '{a: [1, 2]}'",
      args: [{ name: 'source', type: 'any', required: true, doc: 'The data to copy.' }],
      run: (_ctx, a) => deepcopy(a.source),
    }),
  },
});
