/**
 * Channels and checkers compiled when a test makes them, from schemas, for
 * tests that declare messages of their own; the daemons and CLIs use the
 * checks compiled ahead of time (protocol/v1/runtime.ts).
 */
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { Channel, type CommandChecks } from '@brine/core/protocol/v1/channel';
import { Checker } from '@brine/core/protocol/v1/checker';
import { explainAgainst } from '@brine/core/protocol/v1/explain';
import type { Commands, Static, TSchema } from '@brine/core/protocol/v1/schema';

/** A checker of `schema`, named `name` in errors, compiled now. */
export function jitChecker<T extends TSchema>(name: string, schema: T): Checker<Static<T>> {
  const compiled = TypeCompiler.Compile(schema);
  return new Checker<Static<T>>(name, (value) => compiled.Check(value), (value) => explainAgainst(name, schema, value));
}

/** A channel of `commands`, compiled now. */
export function jitChannel<C extends Commands>(name: string, commands: C): Channel<C> {
  const checks = new Map<string, CommandChecks>();
  for (const [cmd, { request, reply }] of Object.entries(commands)) {
    checks.set(cmd, { request: jitChecker(cmd, request), reply: jitChecker(`${cmd} reply`, reply) });
  }
  return new Channel<C>(name, checks);
}
