/**
 * Configuration schemas: each key carries its default and a one-line doc, and
 * path keys are marked so they resolve under root_dir as Salt's
 * `prepend_root_dir` does.
 */

/** One configuration key: its default value, a doc line, and whether it is a path under root_dir. */
export interface ConfigKey<T> {
  default: T;
  doc: string;
  path?: boolean;
  /** The value types accepted ('string', 'list', 'dict', ...) when more than the default's. */
  types?: string[];
}

/** A schema maps key names to {@link ConfigKey}s. */
export type Schema = Record<string, ConfigKey<unknown>>;

/** The configuration object a schema describes: each key typed as its default. */
export type ConfigOf<S extends Schema> = { [K in keyof S]: S[K]['default'] } & { conf_file: string; config_dir: string };

/** Declare a key with its default and doc. */
export function key<T>(def: T, doc: string): ConfigKey<T> {
  return { default: def, doc };
}

/** Declare a key that accepts values of several types (e.g. a name or a list of names). */
export function keyOf<T>(def: T, types: string[], doc: string): ConfigKey<T> {
  return { default: def, doc, types };
}

/** Declare a path key: relative or absolute, it resolves under root_dir. */
export function pathKey(def: string, doc: string): ConfigKey<string> {
  return { default: def, doc, path: true };
}
