/**
 * The meta-test every registry of functions gets (execution modules, state
 * modules, the `state` module, runners), in both directions: each file in the
 * folder is registered, each registered entry has a file named as its
 * `name`, and each entry and function is documented for `sys.doc` and the
 * CLI help: a module doc, and per function a doc, a CLI example and a doc for
 * every argument.
 */
import fs from 'node:fs';
import path from 'node:path';

/** What the meta-test reads of a registered module: the shape execution, state and runner modules share. */
export interface Registered {
  name: string;
  virtualName?: string;
  doc: string;
  functions: Record<string, { doc: string; example: string; args: readonly { name: string; doc: string }[] }>;
}

/** One registry to check. */
export interface RegistryCheck {
  /** The folder holding one file per entry. */
  dir: string;
  /** Files of `dir` that are not entries (the registry itself, the contract). */
  notEntries?: string[];
  entries: Registered[];
  /** What the CLI example of `fun` in the entry users call `key` must look like. */
  example(key: string, fun: string): RegExp;
}

/** The `.ts` files directly in `dir` that should be registry entries, without their extension. */
function entryFiles(check: RegistryCheck): string[] {
  const skip = new Set(['index.ts', ...(check.notEntries ?? [])]);
  return fs
    .readdirSync(check.dir, { withFileTypes: true })
    .filter((f) => f.isFile() && f.name.endsWith('.ts') && !f.name.endsWith('.d.ts') && !skip.has(f.name))
    .map((f) => path.basename(f.name, '.ts'))
    .sort();
}

/** Declare the meta-tests of one registry. */
export function describeRegistry(title: string, check: RegistryCheck): void {
  describe(title, () => {
    const names = check.entries.map((e) => e.name);

    it('registers every file of its folder', () => {
      expect(entryFiles(check).filter((f) => !names.includes(f))).toEqual([]);
    });

    it('has a file named as each entry, and no entry twice', () => {
      expect(names.filter((n) => !entryFiles(check).includes(n))).toEqual([]);
      expect(new Set(names).size).toBe(names.length);
    });

    describe.each(check.entries.map((e) => [e.virtualName ?? e.name, e] as const))('%s', (key, entry) => {
      it('documents the module', () => {
        expect(entry.doc.length).toBeGreaterThan(20);
      });

      it.each(Object.entries(entry.functions))('%s has docs, a CLI example and documented args', (fun, def) => {
        expect(fun).toMatch(/^[a-z_][a-z0-9_]*$/);
        expect(def.doc.length).toBeGreaterThan(10);
        expect(def.example).toMatch(check.example(key, fun));
        for (const arg of def.args) expect({ arg: arg.name, doc: arg.doc.length > 5 }).toEqual({ arg: arg.name, doc: true });
      });
    });
  });
}
