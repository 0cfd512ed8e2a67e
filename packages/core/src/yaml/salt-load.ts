/** YAML as Salt 3006's loader reads it (salt/utils/yamlloader.py over PyYAML's SafeLoader). */
import { SaltRenderError } from '../errors';

/**
 * Load `text` as Salt's SaltYamlSafeLoader would.
 * @param name what errors name (a `salt://` path or SLS name)
 * @throws SaltRenderError with the reason, line and column
 */
export function loadSaltYaml(text: string, name?: string): unknown {
  throw new SaltRenderError(`the Salt YAML loader is not implemented yet (${text.length} chars)`, name);
}
