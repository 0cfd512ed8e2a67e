/**
 * Salt's comment for account attributes a user or group state would change:
 * "The following user attributes are set to be changed:" then one
 * "key: value" line each, lists printed as Python shows them (['a', 'b']).
 */

/** A value as Salt's `str()` prints it: lists of names in Python's form. */
function show(value: unknown): string {
  return Array.isArray(value) ? `[${value.map((v) => `'${String(v)}'`).join(', ')}]` : String(value);
}

/** The comment for `changes` of a `kind` ('user' or 'group') account. */
export function attributesComment(kind: 'user' | 'group', changes: Record<string, unknown>): string {
  const lines = Object.entries(changes).map(([key, value]) => `${key}: ${show(value)}\n`);
  return `The following ${kind} attributes are set to be changed:\n${lines.join('')}`;
}
