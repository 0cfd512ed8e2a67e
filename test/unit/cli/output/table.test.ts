/**
 * The table outputter: the capture test_ping_out_table.txt, and tables of
 * rows laid out as Salt's table_out (centred cells, separators, wrapping).
 */
import { table } from '@brine/cli/output/table';
import { printReturns, referenceStdout } from './reference';

describe('table', () => {
  it('prints a test.ping return as the capture: the id and a rule, nothing for True', () => {
    const out = printReturns(table, [['minion1', true], ['minion3', true], ['minion2', true]]);
    expect(out).toBe(referenceStdout('test_ping_out_table.txt'));
  });

  it('lays out a list of dicts with a title-cased header from the sorted keys, cells centred', () => {
    const data = { web1: [{ name: 'eth0', mac_addr: '00:11' }, { name: 'lo', mac_addr: '00:00:00' }] };
    expect(table(data)).toBe([
      'web1:',
      '----------',
      '    -------------------',
      '    | Mac Addr | Name |',
      '    -------------------',
      '    |  00:11   | eth0 |',
      '    -------------------',
      '    | 00:00:00 |  lo  |',
      '    -------------------',
    ].join('\n'));
  });

  it('wraps a cell longer than 50 columns on spaces', () => {
    const words = Array.from({ length: 12 }, (_, i) => `word${i}`).join(' ');
    const lines = table({ m: [[words]] }).split('\n');
    expect(lines.slice(3, 5).map((l) => l.trim())).toEqual(['| word0 word1 word2 word3 word4 word5 word6 word7 |', '|            word8 word9 word10 word11            |']);
  });
});
