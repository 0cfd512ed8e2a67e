/**
 * The execution-module contract. A module file's default export is
 * `defineModule({ name, doc, functions })`, and each function is declared
 * with `defineFunction({ doc, example, args, run })`: the doc and a CLI
 * example for `sys.doc`, and argument specs that `sys.argspec` and binding
 * (args.ts) read and from which the type of `run`'s arguments is inferred, so
 * module code needs no casts. State modules (state/define.ts) and runners
 * (the CLI's runners/define.ts) declare their functions the same way, through
 * {@link functionDefiner} with their own context and return type. Modules
 * receive an explicit {@link ExecContext} instead of Salt's injected
 * `__salt__`, `__opts__`, `__grains__` globals.
 */
import type { MinionConfig } from '../config/minion';
import type { Logger } from '../log';
import type { TargetType } from '../protocol/v1/constants';
import type { FileHash } from '../protocol/v1/minion-requests';

/** Grains: static facts about a minion (`os`, `kernel`, `ipv4`, ...). */
export type Grains = Record<string, unknown>;
/** Pillar: per-minion data compiled on the master. */
export type Pillar = Record<string, unknown>;

/** Type of a declared argument; binding checks positional and keyword values against it. */
export type ArgType = 'string' | 'number' | 'integer' | 'boolean' | 'list' | 'dict' | 'any';

/** Types a list may declare for its elements (`items`); binding coerces each element as an argument of that type. */
export type ItemType = 'string' | 'number' | 'integer' | 'boolean';

/**
 * One declared argument of a module function, in call order. Declare shared
 * specs with {@link arg} so their literal types (name, type, required) survive
 * and the function's bound arguments are inferred from them.
 */
export interface ArgSpec {
  readonly name: string;
  readonly type: ArgType;
  /** For a `list`: the type of its elements, e.g. 'string' for a list of names. Unset: elements are left as they are. */
  readonly items?: ItemType;
  /** A required argument has no default; binding fails without it. */
  readonly required?: boolean;
  /** The value when the argument is not given (or given as None, for a typed argument). */
  readonly default?: unknown;
  readonly doc: string;
}

/** The value type of an {@link ArgType}. */
type ValueOfType<T extends ArgType> = T extends 'string'
  ? string
  : T extends 'number' | 'integer'
    ? number
    : T extends 'boolean'
      ? boolean
      : T extends 'list'
        ? unknown[]
        : T extends 'dict'
          ? Record<string, unknown>
          : unknown;

/** The value type of one argument, its list elements included. */
type ValueOfSpec<S extends ArgSpec> = S extends { type: 'list'; items: infer I extends ItemType } ? Array<ValueOfType<I>> : ValueOfType<S['type']>;

/** What binding gives for one argument: its type when required or defaulted, else its type or undefined. */
export type ArgValue<S extends ArgSpec> = S extends { required: true } | { default: {} } ? ValueOfSpec<S> : ValueOfSpec<S> | undefined;

/**
 * The bound arguments of a literal spec list, by name: `[{name: 'cmd', type:
 * 'string', required: true}]` gives `{cmd: string}`. A spec list whose literal
 * types were lost (typed `ArgSpec[]`) gives `Record<string, unknown>`.
 */
export type ArgsOf<A extends readonly ArgSpec[]> = number extends A['length'] ? Record<string, unknown> : ArgsOfTuple<A>;

/** {@link ArgsOf} of a tuple: one property per spec, intersected (so a spec whose name is a type parameter still indexes). */
type ArgsOfTuple<A extends readonly ArgSpec[]> = A extends readonly [infer S extends ArgSpec, ...infer Rest extends readonly ArgSpec[]]
  ? { [N in S['name']]: ArgValue<S> } & ArgsOfTuple<Rest>
  : Record<never, never>;

/** {@link ArgsOf}, plus `__args__` (extra positionals) when `V` and `__kwargs__` (extra keywords) when `K`. */
export type BoundArgs<A extends readonly ArgSpec[], V extends boolean = false, K extends boolean = false> = ArgsOf<A> &
  (V extends true ? { __args__: unknown[] } : unknown) &
  (K extends true ? { __kwargs__: Record<string, unknown> } : unknown);

/** Declare an argument spec outside a function (shared specs), keeping its literal types for inference. */
export function arg<const S extends ArgSpec>(spec: S): S {
  return spec;
}

/** Cross-module calls from inside a module, as Salt's `__salt__['mod.fun'](...)`. */
export interface SaltCaller {
  /** Run `fun` ('mod.fun') with positional `args` and keyword `kwargs`; throws what the function throws. */
  call(fun: string, args?: unknown[], kwargs?: Record<string, unknown>): Promise<unknown>;
  /** True when `fun` ('mod.fun') is loaded and may be called (a template's `'mod.fun' in salt`). */
  has(fun: string): boolean;
}

/** What a module may learn of the loader itself (used by `sys`). */
export interface LoaderView {
  /** Loaded modules by the name users type, sorted. */
  modules(): ModuleDef[];
  /** The module serving `name` ('cmd', 'pkg'), or undefined. */
  module(name: string): ModuleDef | undefined;
  /** State modules by the name users type, sorted. */
  stateModules(): ModuleDef[];
  /** Runner modules of this installation, sorted (their functions run on the master; listed here for `sys`). */
  runners(): FunctionSet<unknown>[];
  /** File names (`aptpkg`) of the given modules that did not load here (their `virtual` refused), sorted. */
  notLoaded(): string[];
}

/** A file's hash as the file server reports it (declared with the file server's messages). */
export type { FileHash };

/**
 * Access to the master's file server (`salt://` URLs), as Salt's fileclient.
 * On a minion it fetches over the request port and caches by hash under
 * cachedir; under `salt-call --local` it reads the minion's own file_roots.
 */
export interface FileClient {
  /** Relative paths of every file in `saltenv`, sorted. */
  listFiles(saltenv: string): Promise<string[]>;
  /** Hash of `salt://path`, or undefined when there is no such file. @throws CommandExecutionError for a path that escapes the roots */
  hashFile(url: string, saltenv: string): Promise<FileHash | undefined>;
  /**
   * Make a local copy of `salt://path` (fetched only when its hash changed) and return the local path.
   * @throws CommandExecutionError when the file does not exist (Salt: "Source file salt://x not found in saltenv 'base'") or the path escapes the roots
   */
  cacheFile(url: string, saltenv: string): Promise<string>;
}

/**
 * A job running on this minion, as Salt's saltutil.running reports it: the
 * job's own fields, the minion's pid, and `ret`, the returner the job asked
 * for ('' for the master's job cache).
 */
export interface RunningJob {
  jid: string;
  fun: string;
  arg: unknown[];
  tgt: string | string[];
  tgt_type: string;
  user: string;
  pid: number;
  ret: string;
  /** The schedule job that started it (Salt's `schedule` in a scheduled job's data); absent for a published job. */
  schedule?: string;
}

/** What a running minion exposes to its own modules (saltutil); absent under salt-call. */
export interface MinionRuntime {
  /** Jobs running now. */
  running(): RunningJob[];
  /** Abort a running job. @returns false when no such job runs */
  kill(jid: string): boolean;
  /** Collect grains again and report them to the master. @returns the new grains */
  refreshGrains(): Promise<Grains>;
  /** Fetch this minion's pillar from the master again. @returns the new pillar */
  refreshPillar(): Promise<Pillar>;
  /** Load the execution and state modules again, custom ones from the extension folder included. */
  refreshModules(): Promise<void>;
  /** The minion's scheduler, for the schedule module. */
  schedule: ScheduleRuntime;
}

/**
 * The running minion's scheduler as the schedule module reaches it. The schedule itself is the minion config's
 * `schedule` (ExecContext.opts) over the pillar's: the module edits those, then calls {@link changed}.
 */
export interface ScheduleRuntime {
  /** The schedule was edited: plan its fire times again (unchanged jobs keep theirs). */
  changed(): void;
  /** Run job `name` now, outside its fire times. @returns false when there is no such valid job */
  runJob(name: string): boolean;
  /** Job `name`'s next fire time in ms since the epoch, or undefined when it has none (or is not valid). */
  nextFireTime(name: string): number | undefined;
}

/**
 * The master's mine as this minion reaches it (sealed requests: the master
 * stores data under this minion's id only), for the mine module.
 */
export interface MineAccess {
  /** Store function results in this minion's mine, merged in (replacing the whole mine with `clear`). @returns true */
  store(data: Record<string, unknown>, clear: boolean): Promise<boolean>;
  /** Forget one function's data (every function's without `fun`). @returns false when there was none */
  delete(fun?: string): Promise<boolean>;
  /** The data of `fun` of the minions a target selects that this minion may read. */
  get(tgt: string | string[], fun: string | string[], tgtType: TargetType): Promise<Record<string, unknown>>;
}

/**
 * The master's event bus as this minion reaches it (a sealed `_minion_event`: the master fires the event under
 * this minion's id), for the event module.
 */
export interface MasterEvents {
  /**
   * Fire `data` under `tag` on the master's bus; with `preload` (salt-call's way) the event is Salt's raw load.
   * @throws what the master answers: SaltInvocationError for a tag it refuses or data too large or deep,
   *   CommandExecutionError past this minion's event rate; SaltReqTimeoutError when it does not answer
   */
  fire(tag: string, data: unknown, preload?: Record<string, unknown>): Promise<boolean>;
}

/** The explicit context every module function receives. */
export interface ExecContext {
  /** The minion (or salt-call) configuration, after defaults and root_dir resolution. */
  opts: MinionConfig;
  grains: Grains;
  pillar: Pillar;
  salt: SaltCaller;
  loader: LoaderView;
  log: Logger;
  /** Job id of the running job ('' under salt-call --local when none was assigned). */
  jid: string;
  /** True when the job asked for a dry run (`test=True`). */
  test: boolean;
  /** Aborted when the job is killed or times out; long-running work must honour it. */
  signal: AbortSignal;
  /** Per-module scratch space that lives as long as the loader. */
  cache: Map<string, unknown>;
  /** The running minion, for saltutil; undefined under salt-call. */
  runtime?: MinionRuntime;
  /** The file server, for `salt://` URLs. */
  files: FileClient;
  /** The master's mine; undefined without a master (salt-call --local). */
  mine?: MineAccess;
  /** The master's event bus; undefined without a master (salt-call --local). */
  events?: MasterEvents;
  /** Set the job's retcode without failing it, as Salt's `__context__['retcode']` (cmd.run of a failing command). */
  setRetcode(code: number): void;
}

/** How a function takes its arguments: what `bindArgs` (args.ts) binds a call against. */
export interface Signature {
  /** Declared arguments, in call order. */
  args: readonly ArgSpec[];
  /** Accept extra positional arguments, bound as `__args__` (Salt's `*args`). */
  varargs?: boolean;
  /** Accept extra keyword arguments, bound as `__kwargs__` (Salt's `**kwargs`). */
  varkwargs?: boolean;
}

/** What users read about a function: `sys.doc` and the meta-tests read these. */
interface Documented {
  /** User-facing documentation shown by `sys.doc`: what it does, argument and return shapes, units, errors. */
  doc: string;
  /** A CLI line, e.g. `salt '*' cmd.run 'ls -l /tmp'`. */
  example: string;
  /** The outputter the salt CLI should use for this function's returns (Salt's `__outputter__`, e.g. 'highstate'). */
  outputter?: string;
}

/**
 * One function as users call it (`cmd.run`), with its arguments erased, as
 * registries, the loader and `sys` hold it. `C` is the context it runs with
 * (an {@link ExecContext} for execution and state modules), `R` what it returns.
 * Declare functions with {@link defineFunction} (or the state and runner
 * equivalents), which type `run`'s arguments from `args`.
 */
export interface FunctionDef<C = ExecContext, R = unknown> extends Signature, Documented {
  /** Run with bound arguments (see `bindArgs` in args.ts). Method syntax: a typed definition's narrower arguments fit here. */
  run(ctx: C, args: Record<string, unknown>): R | Promise<R>;
}

/** A function as declared: `run` receives the arguments its `args`, `varargs` and `varkwargs` promise. */
export interface TypedFunctionDef<C, R, A extends readonly ArgSpec[], V extends boolean, K extends boolean> extends Documented {
  args: A;
  varargs?: V;
  varkwargs?: K;
  run(ctx: C, args: BoundArgs<A, V, K>): R | Promise<R>;
}

/**
 * Make the declaration helper for functions running with context `C` and returning `R`:
 * the helper checks a definition against the contract, infers its bound
 * arguments from its literal `args`, and returns it erased for a registry.
 */
export function functionDefiner<C, R>() {
  return <const A extends readonly ArgSpec[], const V extends boolean = false, const K extends boolean = false>(
    def: TypedFunctionDef<C, R, A, V, K>,
  ): FunctionDef<C, R> => def;
}

/**
 * Declare one execution-module function: `run(ctx, args)` gets `args` typed from
 * the literal `args` specs (`{name: 'cmd', type: 'string', required: true}` binds
 * `cmd: string`), plus `__args__` / `__kwargs__` when `varargs` / `varkwargs` is true.
 */
export const defineFunction = functionDefiner<ExecContext, unknown>();

/** A named, documented set of functions: the shape execution, state and runner modules share. */
export interface FunctionSet<C, R = unknown> {
  /** Equals the file name (`aptpkg`). */
  name: string;
  /** Module-level documentation shown by `sys.doc mod`. */
  doc: string;
  /** The functions by the names users type (`run_all`). */
  functions: Record<string, FunctionDef<C, R>>;
}

/** An execution module: a named set of functions. */
export interface ModuleDef extends FunctionSet<ExecContext> {
  /** What users type when it differs from `name` (`pkg`). */
  virtualName?: string;
  /** Salt's `__virtual__`: true when the module can load here, or a reason string why not. */
  virtual?: (opts: MinionConfig, grains: Grains) => true | string;
}

/**
 * Declare an execution module. Returns the definition unchanged; it exists so
 * module files are type-checked against the contract at their definition.
 */
export function defineModule(def: ModuleDef): ModuleDef {
  return def;
}

/** The name users type for a module (`virtualName`, else `name`). */
export function moduleKey(def: ModuleDef): string {
  return def.virtualName ?? def.name;
}
