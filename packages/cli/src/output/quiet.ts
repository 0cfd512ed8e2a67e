/**
 * Salt's quiet outputter (salt/output/quiet.py).
 */

/** Print nothing, as Salt's quiet outputter: the command runs and only its exit code tells. */
export function quiet(): string {
  return '';
}
