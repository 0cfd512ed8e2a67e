/**
 * What Salt prints for a minion that was expected but did not return, with
 * the reason in brackets: `[Not connected]` (Salt's: no connection to the
 * publish port from its address), `[No response]` (Salt's: connected, but it
 * neither returned nor said it was running the job) and `[Still running]`
 * (brine's: it last said it was running the job, then fell silent).
 */

/** Why an expected minion did not return (the bracketed text). */
export type Silence = 'Not connected' | 'No response' | 'Still running';

/**
 * The return value to show for an expected minion that did not answer job
 * `jid` (a 20-digit Salt jid): Salt 3006's four lines (the message, the hint,
 * an empty line, the lookup command), to format with nested as
 * `{ [minionId]: notReturnedMessage(jid) }`.
 * @param why the reason shown in brackets (Salt's `[No response]` by default)
 */
export function notReturnedMessage(jid: string, why: Silence = 'No response'): string {
  return [
    `Minion did not return. [${why}]`,
    'The minions may not have all finished running and any remaining minions will return upon completion. '
      + 'To look up the return data for this job later, run the following command:',
    '',
    `salt-run jobs.lookup_jid ${jid}`,
  ].join('\n');
}
