/**
 * The outputters that print little: quiet, newline_values_only, no_return
 * and key, against the captures and Salt's documented examples.
 */
import { key } from '@brine/cli/output/key';
import { newlineValuesOnly } from '@brine/cli/output/newline-values-only';
import { noReturn } from '@brine/cli/output/no-return';
import { quiet } from '@brine/cli/output/quiet';
import { printReturns, referenceStdout } from './reference';

const plain = { color: false };

it('quiet prints nothing', () => {
  expect(quiet()).toBe('');
});

it('newline_values_only prints the values without ids, a list item per line', () => {
  expect(printReturns(newlineValuesOnly, [['minion1', true], ['minion2', true], ['minion3', true]])).toBe(referenceStdout('test_ping_out_newline_values_only.txt'));
  expect(newlineValuesOnly({ myminion: ['127.0.0.1', '10.0.0.1'], second: 8 })).toBe('127.0.0.1\n10.0.0.1\n8');
});

it('no_return prints the keys and text only', () => {
  expect(printReturns((d) => noReturn(d, plain), [['minion3', true], ['minion1', true], ['minion2', true]])).toBe(referenceStdout('test_ping_out_no_return.txt'));
  expect(noReturn({ web1: 'Minion did not return\nsecond line', a: { b: 'x' } }, plain)).toBe('a:\n    b:\n        x\nweb1:\n    Minion did not return\n    second line');
});

it('key prints sections in sorted order with their titles, and fingerprints as `id:  value`', () => {
  const data = { minions: ['minion1', 'minion2', 'minion3'], minions_pre: [], minions_rejected: [], minions_denied: [] };
  expect(`${key(data, plain)}\n`).toBe(referenceStdout('salt_key_L.txt'));
  expect(key({ minions: { minion1: 'ab:cd' } }, plain)).toBe('Accepted Keys:\nminion1:  ab:cd');
  expect(key({ minions_pre: ['m4'] }, { color: true })).toBe('\x1b[1;35mUnaccepted Keys:\x1b[0;0m\n\x1b[0;31mm4\x1b[0;0m');
});
