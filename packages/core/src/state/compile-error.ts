/**
 * The error a state compilation ends with: every problem found in the SLS
 * files, top file and requisites, as the list of messages Salt returns in
 * place of state results (its "Data failed to compile" output).
 */
import { SaltRenderError } from '../errors';

/** Compilation failed; `errors` holds one message per problem, in the order found. */
export class StateCompileError extends SaltRenderError {
  constructor(readonly errors: string[]) {
    super(errors.join('\n'));
  }
}
