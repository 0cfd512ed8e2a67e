/**
 * Salt 3006's YAML and loading filters: SerializerExtension's `yaml`,
 * `load_yaml`, `load_json`, `load_text` (salt/utils/jinja.py) and
 * salt/utils/yamlencoding.py's `yaml_encode`, `yaml_dquote`, `yaml_squote`.
 */
import { SaltRenderError } from '../../errors';
import { loadSaltYamlValues } from '../../yaml/salt-load';
import { safeDump } from '../../yaml/salt-dump';
import { represent } from '../../yaml/represent';
import { DOUBLE_QUOTED_ESCAPES, hexEscape } from '../../yaml/emitter';
import { rstrip } from '../../python';
import { bindArgs, type Param } from '../runtime/signature';
import { PyError, Undefined, fromData, isDict, pyStr, truthy, typeName, type Kwargs } from '../runtime/values';
import type { FilterFn } from './types';

/** The filter's arguments bound as Python binds `name(value, *args, **kwargs)`; a method counts `self`. */
function bind(name: string, params: readonly Param[], value: unknown, args: unknown[], kwargs: Kwargs, method: boolean): unknown[] {
  if (!method) return bindArgs(name, params, [value, ...args], kwargs).values;
  return bindArgs(name, [{ name: 'self' }, ...params], [null, value, ...args], kwargs).values.slice(1);
}

/**
 * `yaml(value, flow_style=True)`: safe_dump(value, default_flow_style=
 * flow_style).strip() without a final `\n...`. A true flow_style writes
 * flow collections, None flow only for collections of scalars, a false one
 * block style. Undefined values print `NULL` as Salt's representer does.
 */
const formatYaml: FilterFn = (_ctx, value, args, kwargs) => {
  const [data, flowStyle] = bind('SerializerExtension.format_yaml', [{ name: 'value' }, { name: 'flow_style', default: true }], value, args, kwargs, true);
  return yamlText(data, flowStyle);
};

/** format_yaml's text: the document stripped (it never starts with whitespace), without a final `\n...`. */
function yamlText(data: unknown, flowStyle: unknown): string {
  const text = rstrip(safeDump(data, { defaultFlowStyle: flowStyle === null ? null : truthy(flowStyle) }));
  return text.endsWith('\n...') ? text.slice(0, -4) : text;
}

/**
 * `dict_to_sls_yaml_params(value, flow_style=False)`: each item of the dict
 * as a one-key dict in a list, through `yaml`: the `- key: value` lines of
 * a state's arguments.
 * @throws PyError AttributeError for a value that is not a dict
 */
const dictToSlsYamlParams: FilterFn = (_ctx, value, args, kwargs) => {
  const [data, flowStyle] = bind('SerializerExtension.dict_to_sls_yaml_params', [{ name: 'value' }, { name: 'flow_style', default: false }], value, args, kwargs, true);
  if (data instanceof Undefined) return data.fail();
  if (!isDict(data)) throw new PyError('AttributeError', `'${typeName(data)}' object has no attribute 'items'`);
  return yamlText([...data].map(([k, v]) => new Map([[k, v]])), flowStyle);
};

/** PyYAML's Emitter.write_double_quoted without folding and without allow_unicode (what yaml_dquote uses). */
export function yamlDquote(text: string): string {
  let out = '"';
  for (const ch of text) {
    const c = ch.codePointAt(0) as number;
    const plain = c >= 0x20 && c <= 0x7e && ch !== '"' && ch !== '\\';
    out += plain ? ch : `\\${DOUBLE_QUOTED_ESCAPES.get(c) ?? hexEscape(c)}`;
  }
  return `${out}"`;
}

/**
 * PyYAML's Emitter.write_single_quoted without folding: `'` doubled; a run
 * of line breaks that starts with LF gets one more LF (a single LF would
 * read back as a space).
 */
export function yamlSquote(text: string): string {
  return `'${text.replace(/'/g, "''").replace(/[\n\x85\u2028\u2029]+/g, (run) => (run.startsWith('\n') ? `\n${run}` : run))}'`;
}

/** Python's str() of a filter's argument; an Undefined raises. */
function strOf(value: unknown): string {
  if (value instanceof Undefined) return value.fail();
  return pyStr(value);
}

const yamlDquoteFilter: FilterFn = (_ctx, value, args, kwargs) => yamlDquote(strOf(bind('yaml_dquote', [{ name: 'text' }], value, args, kwargs, false)[0]));

const yamlSquoteFilter: FilterFn = (_ctx, value, args, kwargs) => yamlSquote(strOf(bind('yaml_squote', [{ name: 'text' }], value, args, kwargs, false)[0]));

/**
 * `yaml_encode(data)`: a scalar as YAML: a string double-quoted
 * ({@link yamlDquote}), anything else as SafeRepresenter writes it
 * (`true`, `null`, `1.5`).
 * @throws PyError TypeError for a list or dict; RepresenterError for what YAML cannot represent
 */
const yamlEncode: FilterFn = (_ctx, value, args, kwargs) => {
  const [data] = bind('yaml_encode', [{ name: 'data' }], value, args, kwargs, false);
  const node = represent(data, null);
  if (node.kind !== 'scalar') {
    throw new PyError('TypeError', `yaml_encode() only works with YAML scalar data; failed for <class '${typeName(data)}'>`);
  }
  if (node.value === 'NULL' && node.tag === 'null') {
    throw new PyError('RepresenterError', `('cannot represent an object', ${data instanceof Undefined ? 'Undefined' : `<${typeName(data)} object>`})`);
  }
  return node.tag === 'str' ? yamlDquote(node.value) : node.value;
};

/**
 * `load_yaml(value)`: the text loaded by Salt's YAML loader, as template
 * values (dicts keep Python's key types and order).
 * A string that is not valid YAML raises AttributeError `'NoneType' object
 * has no attribute 'splitlines'`: Salt's handler reads the error mark's
 * buffer, which libyaml's marks do not have. A non-string raises
 * libyaml's TypeError `a string or stream input is required`.
 */
const loadYaml: FilterFn = (_ctx, value, args, kwargs) => {
  const [text] = bind('SerializerExtension.load_yaml', [{ name: 'value' }], value, args, kwargs, true);
  if (text instanceof Undefined) return text.fail();
  if (typeof text !== 'string') throw new PyError('TypeError', 'a string or stream input is required');
  try {
    return loadSaltYamlValues(text);
  } catch (err) {
    if (err instanceof SaltRenderError) throw new PyError('AttributeError', "'NoneType' object has no attribute 'splitlines'");
    throw err;
  }
};

/**
 * `load_json(value)`: json.loads of the text, as template values.
 * @throws PyError TemplateRuntimeError `Unable to load json from <value>` for invalid JSON or a non-string
 */
const loadJson: FilterFn = (_ctx, value, args, kwargs) => {
  const [text] = bind('SerializerExtension.load_json', [{ name: 'value' }], value, args, kwargs, true);
  if (text instanceof Undefined) return text.fail();
  try {
    if (typeof text !== 'string') throw new SyntaxError('not a string');
    return fromData(JSON.parse(text) as unknown);
  } catch (err) {
    if (err instanceof SyntaxError) throw new PyError('TemplateRuntimeError', `Unable to load json from ${pyStr(text)}`);
    throw err;
  }
};

/** `load_text(value)`: the value unchanged (a template module's rendered text). */
const loadText: FilterFn = (_ctx, value, args, kwargs) => bind('SerializerExtension.load_text', [{ name: 'value' }], value, args, kwargs, true)[0];

/** The YAML filters, by the name templates use. */
export const YAML_FILTERS: ReadonlyArray<readonly [string, FilterFn]> = [
  ['yaml', formatYaml],
  ['yaml_encode', yamlEncode],
  ['yaml_dquote', yamlDquoteFilter],
  ['yaml_squote', yamlSquoteFilter],
  ['load_yaml', loadYaml],
  ['load_json', loadJson],
  ['load_text', loadText],
  ['dict_to_sls_yaml_params', dictToSlsYamlParams],
];
