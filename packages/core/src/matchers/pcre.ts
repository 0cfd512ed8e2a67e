/**
 * Regular-expression matching (Salt's pcre target, `-E`): Python's `re.match`,
 * anchored at the start but not at the end.
 */
import { TargetError } from '../errors';

/**
 * True when `pattern` matches at the start of `value`.
 * @throws TargetError for an invalid regular expression
 */
export function pcreMatch(pattern: string, value: string): boolean {
  let re: RegExp;
  try {
    re = new RegExp(`^(?:${pattern})`);
  } catch (err) {
    throw new TargetError(`Invalid regular expression ${JSON.stringify(pattern)}: ${(err as Error).message}`);
  }
  return re.test(value);
}
