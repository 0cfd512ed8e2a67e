/**
 * What Salt prints for a minion that was expected but did not return.
 */

/**
 * The return value to show for an expected minion that did not answer job
 * `jid` (a 20-digit Salt jid): Salt 3006's four lines (the message, the hint,
 * an empty line, the lookup command), to format with nested as
 * `{ [minionId]: notReturnedMessage(jid) }`.
 */
export function notReturnedMessage(jid: string): string {
  return [
    'Minion did not return. [No response]',
    'The minions may not have all finished running and any remaining minions will return upon completion. '
      + 'To look up the return data for this job later, run the following command:',
    '',
    `salt-run jobs.lookup_jid ${jid}`,
  ].join('\n');
}
