/**
 * The pprint outputter against Python 3.11's pprint.pformat (expected strings
 * printed by Python itself) and the capture test_ping_out_pprint.txt.
 */
import { pprint } from '@brine/cli/output/pprint';
import { printReturns, referenceStdout } from './reference';

describe('pprint', () => {
  it('prints a test.ping return as the capture, one dict per minion', () => {
    const out = printReturns(pprint, [['minion2', true], ['minion1', true], ['minion3', true]]);
    expect(out).toBe(referenceStdout('test_ping_out_pprint.txt'));
  });

  it('sorts keys and fits short data on one line', () => {
    expect(pprint({ b: null, a: [1, 'x'], c: { z: false } })).toBe("{'a': [1, 'x'], 'b': None, 'c': {'z': False}}");
  });

  it('breaks data wider than 80 columns one entry per line, aligned under the bracket', () => {
    const data = { minion1: { ipv4: ['10.0.0.1', '192.168.100.200', '172.16.0.1'], os: 'Debian', nested: { zeta: [1, 2, 3], alpha: null, long: 'x'.repeat(70) } }, b: true };
    expect(pprint(data)).toBe(
      "{'b': True,\n 'minion1': {'ipv4': ['10.0.0.1', '192.168.100.200', '172.16.0.1'],\n             'nested': {'alpha': None,\n"
        + `                        'long': '${'x'.repeat(70)}',\n                        'zeta': [1, 2, 3]},\n             'os': 'Debian'}}`,
    );
    expect(pprint({ m: Array.from({ length: 30 }, (_, i) => i) })).toBe(`{'m': [${Array.from({ length: 30 }, (_, i) => i).join(',\n       ')}]}`);
  });
});

describe('pprint with --out-indent (pformat\'s indent)', () => {
  it('sets the columns each level sits in from its bracket, as Python 3.11 prints them', () => {
    const data = { minion1: { ipv4: ['10.0.0.1', '192.168.100.200', '172.16.0.1'], os: 'Debian', nested: { zeta: [1, 2, 3], alpha: null, long: 'x'.repeat(70) } }, b: true };
    expect(pprint(data, { outIndent: 2 })).toBe(
      "{ 'b': True,\n  'minion1': { 'ipv4': ['10.0.0.1', '192.168.100.200', '172.16.0.1'],\n               'nested': { 'alpha': None,\n"
        + `                           'long': '${'x'.repeat(70)}',\n                           'zeta': [1, 2, 3]},\n               'os': 'Debian'}}`,
    );
    expect(pprint({ a: 1, b: [1, 2] }, { outIndent: 2 })).toBe("{'a': 1, 'b': [1, 2]}");
    expect(pprint({ m: Array.from({ length: 30 }, (_, i) => i) }, { outIndent: 3 }).split('\n').slice(0, 2)).toEqual(["{  'm': [  0,", '           1,']);
  });
});
