/**
 * Redaction of secrets on their way to a log line. A value is a secret when
 * the name it goes by looks like one: `password`, `passwd`, `token`,
 * `secret`, `key` or `private`, in any case, alone or inside a longer name
 * (`api_key`, `DB_PASSWORD`, `auth_token`, `private_pem`). Its value is then logged as `** hidden **`,
 * the mask Salt's `mask_args_value` uses. Only logs are redacted: a job's
 * return and the job cache keep what the function really received.
 */
import type { Signature } from './loader/define';
import { isDict } from './python';

/** What a secret value is logged as. */
export const REDACTED = '** hidden **';

/** The words that make a name a secret's, anywhere in it, any case. */
const SECRET_WORDS = 'password|passwd|token|secret|key|private';

/** A name that looks like a secret's, anywhere in the name, any case. */
const SECRET_NAME = new RegExp(SECRET_WORDS, 'i');

/**
 * How deep {@link redact} walks nested maps and lists; a value nested deeper is
 * {@link REDACTED} whole (it is not looked at, so it may hide a secret), and
 * the walk's stack stays bounded whatever the data.
 */
export const MAX_REDACT_DEPTH = 32;

/** A character of a `name=value` pair's name: word characters, dots and dashes (so `--db-password` counts). */
const NAME_CHAR = /[\w.-]/;

/** Where an unquoted value ends: at the next blank or quote. */
const VALUE_END = /[\s'"]/g;

/** True when `name` looks like the name of a secret: 'password', 'API_KEY', 'db_passwd', 'auth_token', 'client_secret'. */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/**
 * `text` with the value of every `name=value` pair whose name looks like a
 * secret replaced: `mysql --password=hunter2 -u root` gives
 * `mysql --password=** hidden ** -u root`. A secret written any other way
 * (`-p hunter2`) is not recognized.
 */
export function redactText(text: string): string {
  // A scan from each `=`, not a regular expression: `[\w.-]*(?:password|...)[\w.-]*=` backtracks over every start
  // in a long run of word characters, quadratic in its length (minutes for a 1 MiB argument, on a daemon's loop).
  // Each character is read a bounded number of times: names end at `=`, which no name holds.
  let out = '';
  let done = 0;
  for (let eq = text.indexOf('='); eq >= 0; eq = text.indexOf('=', eq + 1)) {
    let start = eq;
    while (start > done && NAME_CHAR.test(text[start - 1])) start--;
    if (start === eq || !SECRET_NAME.test(text.slice(start, eq))) continue;
    const quote = text[eq + 1];
    const close = quote === "'" || quote === '"' ? text.indexOf(quote, eq + 2) : -1;
    let end = close + 1;
    if (close < 0) {
      VALUE_END.lastIndex = eq + 1;
      end = VALUE_END.exec(text)?.index ?? text.length;
    }
    out += `${text.slice(done, eq + 1)}${REDACTED}`;
    done = end;
    eq = Math.max(eq, end - 1);
  }
  return out + text.slice(done);
}

/**
 * A copy of plain data (as decoded from the wire: maps, lists, scalars) for a
 * log line: in every map at any depth, the value of a key that looks like a
 * secret's is {@link REDACTED}; every string goes through {@link redactText}.
 * A map or list nested deeper than `depth` (default {@link MAX_REDACT_DEPTH})
 * is {@link REDACTED} whole. Other values are kept as they are.
 */
export function redact(value: unknown, depth = MAX_REDACT_DEPTH): unknown {
  if (typeof value === 'string') return redactText(value);
  if (!Array.isArray(value) && !isDict(value)) return value;
  if (depth <= 0) return REDACTED;
  if (Array.isArray(value)) return value.map((v) => redact(v, depth - 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = isSecretName(k) ? REDACTED : redact(v, depth - 1);
  return out;
}

/**
 * A call's arguments for a log line, given the signature of the function
 * called: positional `arg[i]` is {@link REDACTED} when the i-th declared
 * argument's name looks like a secret's, and is {@link redact}ed otherwise
 * (positionals past the declared ones, a function's `*args`, have no name);
 * in `kwarg`, a value is {@link REDACTED} when its name looks like a secret's
 * or when the function does not take it (an invalid keyword, perhaps a
 * misspelled secret: `pasword=`), except `test`, which every function takes.
 * Salt logs a job's arguments unmasked ("Command details"); this is where
 * brine differs.
 */
export function redactCall(arg: readonly unknown[], kwarg: Record<string, unknown>, sig: Signature): { arg: unknown[]; kwarg: Record<string, unknown> } {
  const declared = new Set(sig.args.map((a) => a.name));
  const takes = (name: string) => sig.varkwargs || declared.has(name) || name === 'test';
  return {
    arg: arg.map((a, i) => (i < sig.args.length && isSecretName(sig.args[i].name) ? REDACTED : redact(a))),
    kwarg: Object.fromEntries(Object.entries(kwarg).map(([k, v]) => [k, isSecretName(k) || !takes(k) ? REDACTED : redact(v)])),
  };
}
