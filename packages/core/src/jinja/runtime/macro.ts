/**
 * Jinja2's `Macro` object (jinja2/runtime.py): what `{% macro %}` and the
 * `caller` of `{% call %}` define. Calling one binds the arguments as Jinja
 * 3.1 does (positional, then keywords by name, then `caller`, `kwargs`,
 * `varargs`) and renders the body to a string.
 */
import { PyError, PyFunction, Undefined, tuple, type Kwargs, type PyTuple } from './values';

/** Marks a parameter the call did not give; the body's defaults replace it. */
export const NOT_GIVEN: unique symbol = Symbol('not given');

/** What a macro declares, decided when it is defined (as Jinja's compiler does). */
export interface MacroSpec {
  /** The macro's name (`caller` for a call block). */
  readonly name: string;
  /** The declared parameter names, in order. */
  readonly params: readonly string[];
  /** The body reads `kwargs`: surplus keyword arguments are collected instead of refused. */
  readonly catchKwargs: boolean;
  /** The body reads `varargs`: surplus positional arguments are collected instead of refused. */
  readonly catchVarargs: boolean;
  /** The body reads `caller`. */
  readonly caller: boolean;
}

/** The arguments a call bound, for the body to run with. */
export interface MacroArgs {
  /** One per parameter; {@link NOT_GIVEN} where the call gave none. */
  readonly values: unknown[];
  /** The `caller` to bind, when the body reads it and no parameter is named so. */
  readonly caller: unknown;
  /** Surplus keywords (when the body reads `kwargs`). */
  readonly kwargs: Kwargs;
  /** Surplus positionals (when the body reads `varargs`). */
  readonly varargs: PyTuple;
}

/** A macro: a {@link PyFunction} whose call binds as Jinja's Macro and renders the body. */
export class Macro extends PyFunction {
  /**
   * @param spec what the macro declares
   * @param invoke renders the body with the bound arguments; returns the output
   */
  constructor(
    readonly spec: MacroSpec,
    invoke: (bound: MacroArgs) => Promise<string>,
  ) {
    super(spec.name, (args, kwargs) => invoke(bindMacroArgs(spec, args, new Map(kwargs))));
  }

  /** The attributes Jinja's Macro exposes: name, arguments, catch_kwargs, catch_varargs, caller; else an Undefined. */
  getattr(name: string): unknown {
    switch (name) {
      case 'name':
        return this.spec.name;
      case 'arguments':
        return tuple(this.spec.params);
      case 'catch_kwargs':
        return this.spec.catchKwargs;
      case 'catch_varargs':
        return this.spec.catchVarargs;
      case 'caller':
        return this.spec.caller;
      default:
        return new Undefined(name, this, `'jinja2.runtime.Macro object' has no attribute '${name}'`);
    }
  }
}

/**
 * Jinja 3.1's `Macro.__call__` binding.
 * @throws PyError TypeError `macro 'm' takes no keyword argument 'x'`, `macro 'm' takes not more than 2 argument(s)`
 */
function bindMacroArgs(spec: MacroSpec, args: unknown[], kwargs: Kwargs): MacroArgs {
  const count = spec.params.length;
  const values: unknown[] = args.slice(0, count);
  let foundCaller = spec.params.includes('caller') && values.length === count;
  for (const name of spec.params.slice(values.length)) {
    if (name === 'caller') foundCaller = true;
    values.push(kwargs.has(name) ? kwargs.get(name) : NOT_GIVEN);
    kwargs.delete(name);
  }
  let caller: unknown = null;
  if (spec.caller && !foundCaller) {
    caller = kwargs.get('caller') ?? new Undefined('caller', undefined, 'No caller defined');
    kwargs.delete('caller');
  }
  if (!spec.catchKwargs && kwargs.size) {
    if (kwargs.has('caller')) {
      throw new PyError('TypeError', `macro '${spec.name}' was invoked with two values for the special caller argument. This is most likely a bug.`);
    }
    throw new PyError('TypeError', `macro '${spec.name}' takes no keyword argument '${[...kwargs.keys()][0]}'`);
  }
  if (!spec.catchVarargs && args.length > count) {
    throw new PyError('TypeError', `macro '${spec.name}' takes not more than ${count} argument(s)`);
  }
  return { values, caller, kwargs, varargs: tuple(args.slice(count)) };
}
