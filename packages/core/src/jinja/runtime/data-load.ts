/**
 * Salt's serializer extension loads (salt/utils/jinja.py
 * SerializerExtension): the text of `import_yaml/json/text` and
 * `load_yaml/json/text` as template values.
 */
import type { DataFormat } from '../ast';
import { loadSaltYamlValues } from '../../yaml/salt-load';
import { loadJson } from './json-load';
import { PyError } from './values';

/**
 * `text` loaded in `format`: YAML with Salt's loader, JSON as Python's
 * json.loads (key order kept), text as it is.
 * @param name the template it came from, for YAML errors
 * @throws PyError TemplateRuntimeError `Encountered error loading yaml: ...` / `Unable to load json from ...`, Salt's wording
 */
export function loadData(format: DataFormat, text: string, name: string | undefined): unknown {
  switch (format) {
    case 'text':
      return text;
    case 'json':
      try {
        return loadJson(text);
      } catch {
        throw new PyError('TemplateRuntimeError', `Unable to load json from ${text}`);
      }
    case 'yaml':
      try {
        return loadSaltYamlValues(text, name);
      } catch (e) {
        throw new PyError('TemplateRuntimeError', `Encountered error loading yaml: ${e instanceof Error ? e.message : String(e)}`);
      }
  }
}
