/**
 * Salt's `slsutil` execution module: helpers for SLS files and templates —
 * merging data with Salt's strategies (lib/dictupdate.ts), serializing and
 * deserializing with Salt's serializer names (lib/serializers.ts), and
 * rendering a file or string through brine's renderers.
 */
import { promises as fs } from 'node:fs';
import { CommandExecutionError, SaltInvocationError } from '@brine/core/errors';
import { defineFunction, defineModule, type ExecContext } from '@brine/core/loader/define';
import { saltPath } from '@brine/core/fileserver/roots';
import { cleanKwargs } from '@brine/core/loader/args';
import { truthy } from '@brine/core/jinja/runtime/values';
import { compileTemplate, RENDERERS } from '@brine/core/render/pipe';
import { merge, update, STRATEGIES } from './lib/dictupdate';
import { runSerializer, SERIALIZER_NAMES } from './lib/serializers';


/** The local file behind `path` (a salt:// URL or a minion path), or undefined when it does not exist. */
async function localCopy(ctx: ExecContext, path: string, saltenv: string): Promise<string | undefined> {
  if (path.startsWith('salt://')) return (await ctx.files.hashFile(path, saltenv)) ? ctx.files.cacheFile(path, saltenv) : undefined;
  return (await fs.stat(path).catch(() => undefined))?.isFile() ? path : undefined;
}

const STRATEGY = {
  name: 'strategy',
  type: 'string',
  default: 'smart',
  doc: `Merge strategy: ${STRATEGIES.join(', ')}. smart is aggregate for a yamlex renderer, else recurse.`,
} as const;
const RENDERER = { name: 'renderer', type: 'string', default: 'yaml', doc: 'The renderer the data came from; only used by strategy smart.' } as const;
const MERGE_LISTS = { name: 'merge_lists', type: 'boolean', default: false, doc: "Append the second's list items missing from the first's lists instead of replacing lists." } as const;

export default defineModule({
  name: 'slsutil',
  doc: "Helpers for SLS files and templates: merge data, (de)serialize it, and render files or strings, as Salt's slsutil.",
  functions: {
    update: defineFunction({
      doc: `Merge \`upd\` into \`dest\` recursively, in place, and return \`dest\` (Salt's dictupdate.update): nested dicts are
merged, other values replaced; with merge_lists=True, lists get \`upd\`'s items they lack appended. With
recursive_update=False, a plain top-level update. Raises SaltInvocationError when either is not a dict.`,
      example: "salt '*' slsutil.update '{foo: Foo}' '{bar: Bar}'",
      args: [
        { name: 'dest', type: 'any', required: true, doc: 'The dict merged into (changed).' },
        { name: 'upd', type: 'any', required: true, doc: 'The dict merged in.' },
        { name: 'recursive_update', type: 'boolean', default: true, doc: 'Merge nested dicts (else replace them).' },
        MERGE_LISTS,
      ],
      run: (_ctx, a) => update(a.dest, a.upd, a.recursive_update, a.merge_lists),
    }),
    merge: defineFunction({
      doc: `Merge \`obj_b\` into \`obj_a\` with a strategy and return the result (Salt's dictupdate.merge):
- recurse: nested dicts merged, other values replaced by obj_b's (lists too, unless merge_lists=True);
- overwrite: obj_b's top-level values replace obj_a's whole;
- aggregate: yamlex aggregation; brine has no yamlex tags, so obj_b's top-level values replace obj_a's;
- list: each key of obj_a, its value paired [obj_a's, obj_b's] where obj_b has it (keys only in obj_b are dropped, as Salt);
- smart (default): aggregate when \`renderer\` ends in yamlex, else recurse.
An unknown strategy is logged and taken as recurse. Raises SaltInvocationError when either is not a dict.`,
      example: "salt '*' slsutil.merge '{foo: Foo}' '{bar: Bar}'",
      args: [
        { name: 'obj_a', type: 'any', required: true, doc: 'The dict merged into.' },
        { name: 'obj_b', type: 'any', required: true, doc: 'The dict merged in; its values win.' },
        STRATEGY,
        RENDERER,
        MERGE_LISTS,
      ],
      run: (ctx, a) => merge(a.obj_a, a.obj_b, a.strategy, a.renderer, a.merge_lists, (m) => ctx.log.warning(m)),
    }),
    merge_all: defineFunction({
      doc: 'Merge the dicts of `lst` into each other in order, as slsutil.merge with the same strategy, starting from {}; returns the result.',
      example: `salt '*' slsutil.merge_all '[{foo: Foo}, {foo: Bar}]'`,
      args: [{ name: 'lst', type: 'list', required: true, doc: 'The dicts, later ones winning.' }, STRATEGY, RENDERER, MERGE_LISTS],
      run: (ctx, a) => a.lst.reduce<Record<string, unknown>>((acc, obj) => merge(acc, obj, a.strategy, a.renderer, a.merge_lists, (m) => ctx.log.warning(m)), {}),
    }),
    serialize: defineFunction({
      doc: `Serialize \`obj\` to text with one of Salt's serializers (${SERIALIZER_NAMES.join(', ')}), as Salt's: json is
Python's json.dumps (', ' and ': ' separators; indent, sort_keys and ensure_ascii keywords), yaml is PyYAML's dump as
Salt calls it (sorted keys, flow style for collections of scalars only, no trailing newline). Other keywords are
passed to the serializer. Raises CommandExecutionError "Serializer 'x' not found." for another name.`,
      example: `salt '*' slsutil.serialize json '{foo: Foo!}'`,
      args: [
        { name: 'serializer', type: 'string', required: true, doc: `The serializer: ${SERIALIZER_NAMES.join(', ')}.` },
        { name: 'obj', type: 'any', required: true, doc: 'The data.' },
      ],
      varkwargs: true,
      run: (_ctx, a) => runSerializer(a.serializer, 'serialize', a.obj, cleanKwargs(a.__kwargs__)),
    }),
    deserialize: defineFunction({
      doc: `Parse \`stream_or_string\` with one of Salt's serializers (${SERIALIZER_NAMES.join(', ')}) and return the data.
Raises CommandExecutionError "Serializer 'x' not found." for another name, SaltInvocationError when the text does not parse.`,
      example: `salt '*' slsutil.deserialize json '"[1, 2]"'`,
      args: [
        { name: 'serializer', type: 'string', required: true, doc: `The serializer: ${SERIALIZER_NAMES.join(', ')}.` },
        { name: 'stream_or_string', type: 'string', required: true, doc: 'The text to parse.' },
      ],
      varkwargs: true,
      run: (_ctx, a) => runSerializer(a.serializer, 'deserialize', a.stream_or_string, cleanKwargs(a.__kwargs__)),
    }),
    renderer: defineFunction({
      doc: `Render a file (\`path\`: a salt:// URL or a path on the minion) or a \`string\` through a renderer pipe and return
the result, as Salt's slsutil.renderer: \`default_renderer\` ('jinja|yaml'), unless the text starts with a #! line
naming another pipe. brine's renderers: ${RENDERERS.join(', ')}. \`saltenv\` (default base) is the file server
environment and \`sls\` the SLS name the file is rendered as (it sets sls, slspath, tpldir, tplfile... as in a state
run); templates see salt, grains, pillar, opts and the other keyword arguments. A pipe ending in a template returns
text, one ending in a parser returns data.
A file that does not exist renders to {} (logged), as Salt. Raises SaltInvocationError without path or string,
CommandExecutionError for an unreadable file, SaltRenderError when rendering fails.`,
      example: "salt '*' slsutil.renderer salt://mymap.sls default_renderer='jinja|yaml'",
      args: [
        { name: 'path', type: 'string', doc: 'The file: a salt:// URL, or an absolute path on the minion.' },
        { name: 'string', type: 'string', doc: 'The text to render, when no path is given.' },
        { name: 'default_renderer', type: 'string', default: 'jinja|yaml', doc: 'The renderer pipe unless the text has a #! line.' },
      ],
      varkwargs: true,
      run: async (ctx, a) => {
        if (!a.path && !a.string) throw new SaltInvocationError('Must pass either path or string');
        const { saltenv: env, sls, ...context } = cleanKwargs(a.__kwargs__);
        const saltenv = typeof env === 'string' ? env : 'base';
        let text = a.string ?? '';
        if (a.path) {
          const local = await localCopy(ctx, a.path, saltenv);
          if (local === undefined) {
            ctx.log.error(`Template does not exist: ${a.path}`);
            return {};
          }
          text = await fs.readFile(local, 'utf8').catch((err: Error) => {
            throw new CommandExecutionError(`Unable to read ${a.path}: ${err.message}`);
          });
        }
        const path = a.path?.startsWith('salt://') ? saltPath(a.path) : undefined;
        const vars = { grains: ctx.grains, pillar: ctx.pillar, opts: ctx.opts, ...context };
        const input = { text, path, sls: typeof sls === 'string' ? sls : '', saltenv, vars, salt: ctx.salt, files: ctx.files };
        return compileTemplate(input, a.default_renderer);
      },
    }),
    boolstr: defineFunction({
      doc: "Return `true` when `value` is true (Python truth: not None, False, 0, '' or an empty list or dict), else `false`: for writing booleans into files, e.g. 'yes'/'no'.",
      example: "salt '*' slsutil.boolstr True yes no",
      args: [
        { name: 'value', type: 'any', required: true, doc: 'The value to test.' },
        { name: 'true', type: 'any', default: 'true', doc: 'Returned when the value is true.' },
        { name: 'false', type: 'any', default: 'false', doc: 'Returned when it is false.' },
      ],
      run: (_ctx, a) => (truthy(a.value) ? a.true : a.false),
    }),
  },
});
