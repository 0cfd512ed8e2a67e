/** YAML text as Salt 3006 writes it (salt.utils.yaml.safe_dump: PyYAML's SafeDumper with Salt's representers). */
import { emitDocument } from './emitter';
import { represent } from './represent';

/** Options of Salt's safe_dump that templates reach. */
export interface DumpOptions {
  /** PyYAML's default_flow_style: true (flow everywhere), false (block), null (flow for leaf collections). */
  readonly defaultFlowStyle?: boolean | null;
  readonly indent?: number;
  readonly width?: number;
}

/**
 * `data` as YAML, byte for byte as Salt's safe_dump: yaml.dump(data,
 * Dumper=SafeOrderedDumper, allow_unicode=True, default_flow_style=None
 * unless given), which writes through libyaml 0.2.5 (CSafeDumper).
 * Values are represented as {@link represent} says (dict keys sorted,
 * Salt's `NULL` for what YAML cannot represent), written as
 * {@link emitDocument} says. One difference from PyYAML's pure-Python
 * emitter that libyaml has: a bare scalar document ends without `...`.
 * @param data runtime values (Maps, PyTuple, Undefined...) or plain data
 * @returns the document, ending with a line break
 */
export function safeDump(data: unknown, options: DumpOptions = {}): string {
  return emitDocument(represent(data, options.defaultFlowStyle ?? null), options.indent, options.width);
}
