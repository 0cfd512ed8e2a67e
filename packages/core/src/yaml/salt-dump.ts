/** YAML text as Salt 3006 writes it (salt.utils.yaml.safe_dump: PyYAML's SafeDumper with Salt's representers). */
import { SaltRenderError } from '../errors';

/** Options of Salt's safe_dump that templates reach. */
export interface DumpOptions {
  /** PyYAML's default_flow_style: true (flow everywhere), false (block), null (flow for leaf collections). */
  readonly defaultFlowStyle?: boolean | null;
  readonly indent?: number;
  readonly width?: number;
}

/**
 * `data` as YAML, byte for byte as Salt's safe_dump (allow_unicode, sort_keys as PyYAML).
 * @throws SaltRenderError for values YAML cannot represent
 */
export function safeDump(data: unknown, options: DumpOptions = {}): string {
  throw new SaltRenderError(`the Salt YAML dumper is not implemented yet (${typeof data}, ${JSON.stringify(options)})`);
}
