/**
 * Salt's serializers (salt/serializers/*.py) by name, for slsutil.serialize
 * and slsutil.deserialize: `json` as salt.utils.json.dumps (Python's
 * json.dumps, ensure_ascii off unless asked) and json.loads, `yaml` as
 * PyYAML's safe dumper (core's safeDump) and Salt's YAML loader.
 */
import { CommandExecutionError, SaltInvocationError, errorMessage } from '@brine/core/errors';
import { jsonDumps } from '@brine/core/python-json';
import { loadSaltYaml } from '@brine/core/yaml/salt-load';
import { safeDump } from '@brine/core/yaml/salt-dump';

/**
 * Salt's yaml serializer (salt/serializers/yaml.py): `yaml.dump(obj,
 * Dumper=CSafeDumper, default_flow_style=None)` without the final newline.
 * Gap: Salt's serializer leaves allow_unicode off (non-ASCII as `"\xE9"`),
 * safeDump writes it as is.
 */
function yamlSerialize(obj: unknown): string {
  return safeDump(obj).replace(/\n(?:\.\.\.\n)?$/, '');
}

/** A serializer: what Salt's module of that name offers. */
interface Serializer {
  serialize?(obj: unknown, options: Record<string, unknown>): string;
  deserialize?(text: string, options: Record<string, unknown>): unknown;
}

/** The serializers brine has, by Salt's names. */
const SERIALIZERS: Record<string, Serializer> = {
  json: {
    serialize: (obj, o) =>
      jsonDumps(obj, {
        indent: typeof o.indent === 'number' || typeof o.indent === 'string' ? o.indent : null,
        sortKeys: o.sort_keys === true,
        ensureAscii: o.ensure_ascii === true,
      }),
    deserialize: (text) => JSON.parse(text) as unknown,
  },
  yaml: {
    serialize: yamlSerialize,
    deserialize: (text) => loadSaltYaml(text),
  },
};

/** Names of the serializers brine has. */
export const SERIALIZER_NAMES = Object.keys(SERIALIZERS);

/**
 * Run serializer `name`'s `fn` ('serialize' or 'deserialize') on `input`, as Salt's slsutil does.
 * @throws CommandExecutionError "Serializer 'x' not found." for an unknown name, as Salt; SaltInvocationError
 *   when the input cannot be (de)serialized (Salt's SerializationError / DeserializationError)
 */
export function runSerializer(name: string, fn: 'serialize' | 'deserialize', input: unknown, options: Record<string, unknown>): unknown {
  const serializer = SERIALIZERS[name];
  if (!serializer) throw new CommandExecutionError(`Serializer '${name}' not found.`);
  try {
    if (fn === 'serialize') return serializer.serialize!(input, options);
    if (typeof input !== 'string') throw new Error(`expected text, got ${JSON.stringify(input)}`);
    return serializer.deserialize!(input, options);
  } catch (err) {
    throw new SaltInvocationError(`Could not ${fn} with the ${name} serializer: ${errorMessage(err)}`);
  }
}
