/**
 * A check of one message, as running code uses it: the compiled check
 * (compiled.ts), and on failure a ProtocolError that names the message and
 * its first missing or mistyped field (explain.ts, which runtime.ts loads
 * only then, once per process, since it loads TypeBox).
 */
import { ProtocolError } from '../../errors';

/** Checks values against one message of type `T`. */
export class Checker<T> {
  /**
   * @param name the message's name in errors ('auth', 'job load')
   * @param test its check
   * @param why the reason a value failed the check, for the error
   */
  constructor(
    readonly name: string,
    private readonly test: (value: unknown) => boolean,
    private readonly why: (value: unknown) => string,
  ) {}

  /** True when `value` has the message's shape. */
  is(value: unknown): value is T {
    return this.test(value);
  }

  /**
   * `value`, typed, when it has the message's shape.
   * @throws ProtocolError naming the message and its first missing or mistyped field
   */
  check(value: unknown): T {
    if (this.is(value)) return value;
    throw new ProtocolError(this.why(value));
  }
}
