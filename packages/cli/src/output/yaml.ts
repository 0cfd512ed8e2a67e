/**
 * Salt's yaml outputter (salt/output/yaml_out.py).
 */
import { rstrip } from '@brine/core/python';
import { safeDump } from '@brine/core/yaml/salt-dump';
import type { OutputOptions } from './types';

/**
 * Format data as Salt's yaml outputter: `salt.utils.yaml.safe_dump(data,
 * default_flow_style=False)` (block style, keys sorted, list items not
 * indented under their key, long plain scalars folded at 80 columns), with
 * `indent=N` for `--out-indent` N >= 0, or flow style on one level
 * (`default_flow_style=True, indent=0`) for a negative N. The trailing line
 * break is left to the caller.
 */
export function yaml(data: unknown, opts?: Pick<OutputOptions, 'outIndent'>): string {
  const indent = typeof opts?.outIndent === 'number' ? opts.outIndent : undefined;
  if (indent !== undefined && indent < 0) return rstrip(safeDump(data, { defaultFlowStyle: true, indent: 0 }));
  return rstrip(safeDump(data, { defaultFlowStyle: false, indent }));
}
