/**
 * Salt's yaml outputter (salt/output/yaml_out.py).
 */
import jsYaml from 'js-yaml';
import { rstrip } from '@brine/core/python';
import type { OutputOptions } from './types';

/**
 * Format data as block-style YAML, as Salt's yaml outputter
 * (`default_flow_style=False`): keys sorted as PyYAML sorts them, list items
 * not indented under their key, no anchors for repeated objects, long lines
 * never folded, undefined values left out. Multi-line strings come out as
 * literal blocks (`|-`) where PyYAML would quote them. A positive
 * `--out-indent` sets the spaces per level (2 by default).
 */
export function yaml(data: unknown, opts?: Pick<OutputOptions, 'outIndent'>): string {
  const indent = typeof opts?.outIndent === 'number' && opts.outIndent > 0 ? opts.outIndent : 2;
  return rstrip(jsYaml.dump(data, {
    indent,
    sortKeys: true,
    noArrayIndent: true,
    lineWidth: -1,
    noRefs: true,
    skipInvalid: true,
  }));
}
