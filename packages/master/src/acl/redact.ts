/**
 * A command's arguments as the audit log keeps them: secrets redacted with the
 * rules every brine log uses (core/redact.ts: a value whose name looks like a
 * secret's, `password`, `passwd`, `secret`, `token`, `key` (so `api_key`) or
 * `private`, in any case, is `** hidden **`; so is the value of such a
 * `name=value` pair inside a string; maps and lists are walked to a bounded
 * depth), and Salt's internal keywords dropped: the `__pub_*` keys Salt's
 * master adds to a job's keywords (`__pub_user`, `__pub_jid`, ...) and the
 * `__kwarg__` marker of keywords packed into the positional arguments
 * (salt.utils.args.condition_input). They are the publication's own data,
 * which the audit line holds in its own fields, and nothing the caller typed.
 */
import { isDict } from '@brine/core/python';
import { redact } from '@brine/core/redact';

/** A key Salt adds to a publication's keywords, never typed by the caller. */
const SALT_INTERNAL = /^(?:__pub_.*|__kwarg__)$/;

/** `value` without Salt's internal keys when it is a map; else `value` itself. */
function withoutInternals(value: unknown): unknown {
  if (!isDict(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => !SALT_INTERNAL.test(k)));
}

/**
 * The arguments of a command for its audit line: Salt's internal keys dropped
 * from `kwarg` and from the maps among the positionals (where Salt packs
 * keywords), then every value redacted as core/redact.ts `redact` does.
 * Unlike the minion's log (`redactCall`), the master knows no signature, so a
 * positional is judged by its content only: `cmd.run 'mysql --password=x'`
 * is redacted, `user.add bob hunter2` is not.
 * @returns copies; the inputs are not changed
 */
export function redactArgs(arg: readonly unknown[], kwarg: Record<string, unknown>): { arg: unknown[]; kwarg: Record<string, unknown> } {
  return {
    arg: arg.map((a) => redact(withoutInternals(a))),
    kwarg: redact(withoutInternals(kwarg)) as Record<string, unknown>,
  };
}
