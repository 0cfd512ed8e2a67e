/**
 * Salt's yaml outputter (salt/output/yaml_out.py).
 */
import jsYaml from 'js-yaml';
import { rstrip } from './python';

/**
 * Format data as block-style YAML, as Salt's yaml outputter
 * (`default_flow_style=False`): keys sorted as PyYAML sorts them, list items
 * not indented under their key, no anchors for repeated objects, long lines
 * never folded, undefined values left out. Multi-line strings come out as
 * literal blocks (`|-`) where PyYAML would quote them.
 */
export function yaml(data: unknown): string {
  return rstrip(jsYaml.dump(data, {
    sortKeys: true,
    noArrayIndent: true,
    lineWidth: -1,
    noRefs: true,
    skipInvalid: true,
  }));
}
