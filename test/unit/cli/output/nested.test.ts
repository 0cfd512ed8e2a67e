import { nested } from '@brine/cli/output/nested';
import { notReturnedMessage } from '@brine/cli/output/not-returned';
import { printReturns, referenceStdout } from './reference';

const plain = (data: unknown): string => nested(data, { color: false });

/** ANSI codes of Salt's default theme, to spell expected coloured output. */
const CYAN = '\x1b[0;36m';
const GREEN = '\x1b[0;32m';
const LY = '\x1b[0;1;33m';
const RED = '\x1b[0;31m';
const END = '\x1b[0;0m';

describe('nested against the Salt 3006 references', () => {
  it('test.ping (test_ping.txt)', () => {
    expect(printReturns(plain, [['minion1', true], ['minion3', true], ['minion2', true]]))
      .toBe(referenceStdout('test_ping.txt'));
  });

  it('cmd.run uptime, a line with a leading space (cmd_run_uptime.txt)', () => {
    const uptime = ' 16:21:48 up 6 min,  0 user,  load average: 1.02, 0.68, 0.30';
    expect(printReturns(plain, [['minion2', uptime], ['minion1', uptime], ['minion3', uptime]]))
      .toBe(referenceStdout('cmd_run_uptime.txt'));
  });

  it('a minion that did not return (one_minion_stopped.txt)', () => {
    const returns: Array<[string, unknown]> = [
      ['minion1', true],
      ['minion2', true],
      ['minion3', notReturnedMessage('20261121162312416306')],
    ];
    expect(printReturns(plain, returns)).toBe(referenceStdout('one_minion_stopped.txt'));
  });

  it.each([
    [{ '/srv/www/minion1': { directory: 'new' } }],
    [{ diff: 'New file', mode: '0644' }],
    [{ pid: 21891, retcode: 0, stderr: '', stdout: '' }],
  ])('state changes at indent 14, as highstate prints them (state_apply.txt): %j', (changes) => {
    const block = `     Changes:   \n${nested(changes, { color: false, indent: 14 })}\n`;
    expect(referenceStdout('state_apply.txt')).toContain(block);
  });
});

describe('nested layout', () => {
  it.each<[string, unknown, string]>([
    ['grains-style mapping, keys sorted',
      { minion1: { os: 'Debian', kernel: 'Linux' } },
      'minion1:\n    ----------\n    kernel:\n        Linux\n    os:\n        Debian'],
    ['list of scalars',
      { m: ['a', 1, null, false] },
      'm:\n    - a\n    - 1\n    - None\n    - False'],
    ['list of mappings',
      { m: [{ b: 2, a: 1 }, { c: 'x' }] },
      'm:\n    |_\n      ----------\n      a:\n          1\n      b:\n          2\n    |_\n      ----------\n      c:\n          x'],
    ['list of lists',
      { m: [['a', 'b'], [[1]]] },
      'm:\n    |_\n      - a\n      - b\n    |_\n      |_\n        - 1'],
    ['multi-line string in a list aligns under the first line',
      { m: ['one\ntwo', 'x'] },
      'm:\n    - one\n      two\n    - x'],
    ['empty string, list and top-level mapping print nothing',
      { a: '', b: [], c: { d: {} } },
      'a:\nb:\nc:\n    ----------\n    d:\n        ----------'],
    ['empty line inside a string keeps the indent; trailing break dropped',
      { m: 'a\n\nb\r\nc\n' },
      'm:\n    a\n    \n    b\n    c'],
    ['numbers as Python repr',
      { m: [0, -3, 1.5, 0.1, 1e-5, 2 ** 53, 1e16, -Infinity, NaN, 12345678901234567890n] },
      'm:\n    - 0\n    - -3\n    - 1.5\n    - 0.1\n    - 1e-05\n    - 9007199254740992.0\n    - 1e+16\n    - -inf\n    - nan\n    - 12345678901234567890'],
    ['None, True, False at the top of a value',
      { a: null, b: true, c: false, d: undefined },
      'a:\n    None\nb:\n    True\nc:\n    False\nd:\n    None'],
    ['bare scalars and top-level lists',
      ['x', 2],
      '- x\n- 2'],
    ['keys sorted by code point, as Python',
      { '\u{1F600}': 1, '\uFF01': 2, B: 3, a: 4 },
      'B:\n    3\na:\n    4\n\uFF01:\n    2\n\u{1F600}:\n    1'],
    ['class instances print nothing, as unknown types in Salt',
      { m: new Date(0), n: 1 },
      'm:\nn:\n    1'],
  ])('%s', (_name, data, expected) => {
    expect(plain(data)).toBe(expected);
  });

  it('trailing whitespace is stripped, as Salt\'s try_printout', () => {
    expect(plain({ m: 'a\n\n' })).toBe('m:\n    a');
  });
});

describe('nested colours', () => {
  it('test.ping with colour', () => {
    expect(nested({ minion1: true }, { color: true })).toBe(`${CYAN}minion1${END}:\n    ${LY}True${END}`);
  });

  it('mappings, lists and strings in their Salt colours', () => {
    expect(nested({ m: { k: ['s', { x: 1 }] } }, { color: true })).toBe([
      `${CYAN}m${END}:`,
      `    ${CYAN}----------${END}`,
      `    ${CYAN}k${END}:`,
      `        ${GREEN}- s${END}`,
      `        ${GREEN}|_${END}`,
      `          ${CYAN}----------${END}`,
      `          ${CYAN}x${END}:`,
      `              ${LY}1${END}`,
    ].join('\n'));
  });

  it('a non-zero retcode turns keys, dashes and |_ red; values keep their colours', () => {
    expect(nested({ m: { k: [['s']] } }, { color: true, retcode: 1 })).toBe([
      `${RED}m${END}:`,
      `    ${RED}----------${END}`,
      `    ${RED}k${END}:`,
      `        ${RED}|_${END}`,
      `          ${GREEN}- s${END}`,
    ].join('\n'));
  });

  it('an empty line of a coloured string still carries the codes', () => {
    expect(nested({ m: 'a\n\nb' }, { color: true })).toBe(
      `${CYAN}m${END}:\n    ${GREEN}a${END}\n    ${GREEN}${END}\n    ${GREEN}b${END}`,
    );
  });

  it('retcode 0 is the same as no retcode', () => {
    expect(nested({ m: [[1]] }, { color: true, retcode: 0 })).toBe(nested({ m: [[1]] }, { color: true }));
  });
});
