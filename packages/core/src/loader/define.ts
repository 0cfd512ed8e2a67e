/**
 * The execution-module contract. A module file's default export is
 * `defineModule({ name, doc, functions })`; each function declares its docs,
 * an example CLI line and its argument spec, which `sys.doc`, `sys.argspec` and
 * argument binding all read. Modules receive an explicit {@link ExecContext}
 * instead of Salt's injected `__salt__`, `__opts__`, `__grains__` globals.
 */
import type { MinionConfig } from '../config/minion';
import type { Logger } from '../log';

/** Grains: static facts about a minion (`os`, `kernel`, `ipv4`, ...). */
export type Grains = Record<string, unknown>;
/** Pillar: per-minion data compiled on the master. */
export type Pillar = Record<string, unknown>;

/** Type of a declared argument; binding checks positional and keyword values against it. */
export type ArgType = 'string' | 'number' | 'integer' | 'boolean' | 'list' | 'dict' | 'any';

/** One declared argument of a module function, in call order. */
export interface ArgSpec {
  name: string;
  type: ArgType;
  /** A required argument has no default; binding fails without it. */
  required?: boolean;
  default?: unknown;
  doc: string;
}

/** Cross-module calls from inside a module, as Salt's `__salt__['mod.fun'](...)`. */
export interface SaltCaller {
  /** Run `fun` ('mod.fun') with positional `args` and keyword `kwargs`; throws what the function throws. */
  call(fun: string, args?: unknown[], kwargs?: Record<string, unknown>): Promise<unknown>;
}

/** What a module may learn of the loader itself (used by `sys`). */
export interface LoaderView {
  /** Loaded modules by the name users type, sorted. */
  modules(): ModuleDef[];
  /** The module serving `name` ('cmd', 'pkg'), or undefined. */
  module(name: string): ModuleDef | undefined;
}

/** A file's hash as the file server reports it. */
export interface FileHash {
  hsum: string;
  hash_type: 'sha256';
}

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

/** A job running on this minion, as Salt's saltutil.running reports it (`started` in ms since the epoch). */
export interface RunningJob {
  jid: string;
  fun: string;
  arg: unknown[];
  tgt: string | string[];
  tgt_type: string;
  user: string;
  pid: number;
  started: number;
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
  /** Set the job's retcode without failing it, as Salt's `__context__['retcode']` (cmd.run of a failing command). */
  setRetcode(code: number): void;
}

/** Arguments after binding: declared names, plus `__args__` (extra positionals) and `__kwargs__` (extra keywords) where accepted. */
export type BoundArgs = Record<string, any>;

/** One module function as users call it (`cmd.run`). */
export interface FunctionDef {
  /** User-facing documentation shown by `sys.doc`: what it does, argument and return shapes, units, errors. */
  doc: string;
  /** A CLI line, e.g. `salt '*' cmd.run 'ls -l /tmp'`. */
  example: string;
  args: ArgSpec[];
  /** Accept extra positional arguments, bound as `__args__` (Salt's `*args`). */
  varargs?: boolean;
  /** The outputter the salt CLI should use for this function's returns (Salt's `__outputter__`, e.g. 'highstate'). */
  outputter?: string;
  /** Accept extra keyword arguments, bound as `__kwargs__` (Salt's `**kwargs`). */
  varkwargs?: boolean;
  run(ctx: ExecContext, args: BoundArgs): unknown | Promise<unknown>;
}

/** An execution module: a named set of functions. */
export interface ModuleDef {
  /** Equals the file name (`aptpkg`). */
  name: string;
  /** What users type when it differs from `name` (`pkg`). */
  virtualName?: string;
  /** Module-level documentation shown by `sys.doc mod`. */
  doc: string;
  /** Salt's `__virtual__`: true when the module can load here, or a reason string why not. */
  virtual?: (opts: MinionConfig, grains: Grains) => true | string;
  functions: Record<string, FunctionDef>;
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
