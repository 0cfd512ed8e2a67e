/**
 * Salt 3006's JSON filters: `json` (SerializerExtension.format_json) and
 * `tojson` (salt.utils.jinja.tojson, which replaces Jinja's own).
 */
import { PyError, Undefined, truthy, typeName, type Kwargs } from '../runtime/values';
import { defineFilter, p } from './define';
import { jsonDumps, type JsonOptions } from '../../python-json';
import type { FilterFn } from './types';

/** json.dumps' indent argument: an int, a str, or None. */
function indentArg(indent: unknown): number | string | null {
  if (indent === null || typeof indent === 'string') return indent;
  if (typeof indent === 'boolean' || (typeof indent === 'number' && Number.isInteger(indent))) return Number(indent);
  if (indent instanceof Undefined) return indent.fail();
  throw new PyError('TypeError', `can't multiply sequence by non-int of type '${typeName(indent)}'`);
}

/**
 * `json(value, sort_keys=True, indent=None)`: salt.utils.json.dumps (json.dumps
 * with ensure_ascii=False), keys sorted by default, stripped.
 */
const json = defineFilter('format_json', [p('value'), p('sort_keys', true), p('indent', null)], (_ctx, [value, sortKeys, indent]) =>
  jsonDumps(value, { sortKeys: truthy(sortKeys), indent: indentArg(indent), ensureAscii: false }).trim(),
);

/** json.dumps options tojson accepts by keyword, from their Python names. */
function tojsonOptions(indent: unknown, kwargs: Kwargs): JsonOptions {
  const options: { -readonly [K in keyof JsonOptions]: JsonOptions[K] } = { ensureAscii: true, indent: indentArg(indent) };
  for (const [name, v] of kwargs) {
    if (name === 'ensure_ascii') options.ensureAscii = truthy(v);
    else if (name === 'sort_keys') options.sortKeys = truthy(v);
    else if (name === 'skipkeys') options.skipKeys = truthy(v);
    else if (name === 'allow_nan') options.allowNan = truthy(v);
    else if (name === 'separators' && Array.isArray(v) && v.length === 2) options.separators = [String(v[0]), String(v[1])];
    else if (name !== 'check_circular') throw new PyError('TypeError', `JSONEncoder.__init__() got an unexpected keyword argument '${name}'`);
  }
  return options;
}

/**
 * `tojson(val, indent=None, **options)`: json.dumps with ensure_ascii=True
 * unless given, then `<`, `>`, `&`, `'` as `\u003c`... (HTML-safe), as Salt's.
 */
const tojson = defineFilter(
  'tojson',
  [p('val'), p('indent', null)],
  (_ctx, [val, indent], { varkw }) =>
    jsonDumps(val, tojsonOptions(indent, varkw))
      .replace(/</g, '\\u003c')
      .replace(/>/g, '\\u003e')
      .replace(/&/g, '\\u0026')
      .replace(/'/g, '\\u0027'),
  { varkw: true },
);

/** The JSON filters, by name. */
export const JSON_FILTERS: ReadonlyArray<[string, FilterFn]> = [
  ['json', json],
  ['tojson', tojson],
];
