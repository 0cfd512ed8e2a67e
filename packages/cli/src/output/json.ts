/**
 * Salt's json outputter (salt/output/json_out.py).
 */

/**
 * Format data as JSON indented by 4 spaces, as Salt's json outputter without
 * `--out-indent`: keys in insertion order, non-ASCII text unescaped (Salt's
 * `ensure_ascii=False`), separators `, ` and `: `.
 * Differs from Python where JavaScript cannot tell: integral floats print as
 * integers (`1`, not `1.0`), small floats in fixed notation (`0.00001`).
 */
export function json(data: unknown): string {
  return JSON.stringify(data, null, 4);
}
