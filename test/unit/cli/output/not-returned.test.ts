import { notReturnedMessage } from '@brine/cli/output/not-returned';

describe('notReturnedMessage', () => {
  it('is Salt 3006 text: message, hint, empty line, lookup command', () => {
    const lines = notReturnedMessage('20261121162312416306').split('\n');
    expect(lines).toEqual([
      'Minion did not return. [No response]',
      'The minions may not have all finished running and any remaining minions will return upon completion. To look up the return data for this job later, run the following command:',
      '',
      'salt-run jobs.lookup_jid 20261121162312416306',
    ]);
  });
  it('names why in brackets: Salt\'s [Not connected], or brine\'s [Still running]', () => {
    expect(notReturnedMessage('20261121162312416306', 'Not connected').split('\n')[0]).toBe('Minion did not return. [Not connected]');
    expect(notReturnedMessage('20261121162312416306', 'Still running').split('\n')[0]).toBe('Minion did not return. [Still running]');
  });
});
