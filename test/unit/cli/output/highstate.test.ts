import { highstate } from '@brine/cli/output/highstate';
import { getOutputter } from '@brine/cli/output/index';
import type { OutputOptions } from '@brine/cli/output/types';
import { printReturns, referenceStdout } from './reference';

/** One row of a state run: ID, module.function, name, result, comment, start time, duration (ms), changes. */
type Row = [id: string, fun: string, name: string, result: boolean | null, comment: string, start: string, duration: number, changes: Record<string, unknown>];

/** A state return as brine's state system builds it, from rows in run order. */
function stateReturn(sls: string, rows: Row[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  rows.forEach(([id, fun, name, result, comment, start_time, duration, changes], i) => {
    const [mod, f] = fun.split('.');
    out[`${mod}_|-${id}_|-${name}_|-${f}`] = { name, result, changes, comment, duration, start_time, __run_num__: i, __sls__: sls, __id__: id };
  });
  return out;
}

/** Put the rows in another key order than run order, as a dict off the wire may be. */
function shuffled(ret: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(ret).reverse());
}

const plain = (opts: Partial<OutputOptions> = {}) => (data: unknown): string => highstate(data, { color: false, ...opts });

function firstRun(id: string, times: [string, number][]): Row[] {
  const dir = `/srv/www/${id}`;
  const cmd = `echo initialized > ${dir}/init.done`;
  const pid = { minion1: 21891, minion3: 21903, minion2: 21911 }[id];
  return [
    ['web_dir', 'file.directory', dir, true, '', ...times[0], { [dir]: { directory: 'new' } }],
    ['web_index', 'file.managed', `${dir}/index.html`, true, `File ${dir}/index.html updated`, ...times[1], { diff: 'New file', mode: '0644' }],
    ['web_init', 'cmd.run', cmd, true, `Command "${cmd}" run`, ...times[2], { pid, retcode: 0, stderr: '', stdout: '' }],
  ];
}

function secondRun(id: string, times: [string, number][]): Row[] {
  const dir = `/srv/www/${id}`;
  return [
    ['web_dir', 'file.directory', dir, true, `The directory ${dir} is in the correct state`, ...times[0], {}],
    ['web_index', 'file.managed', `${dir}/index.html`, true, `File ${dir}/index.html is in the correct state`, ...times[1], {}],
    ['web_init', 'cmd.run', `echo initialized > ${dir}/init.done`, true, `${dir}/init.done exists`, ...times[2], {}],
  ];
}

/** What test=True reports for the web tree before anything exists: every state would change. */
function testRun(dir: string, times: [string, number][]): Row[] {
  const cmd = `echo initialized > ${dir}/init.done`;
  const note = '\nNote: No changes made, actual changes may\nbe different due to other states.';
  return [
    ['web_dir', 'file.directory', dir, null, `The following files will be changed:\n${dir}: directory - new\n`, ...times[0], { [dir]: { directory: 'new' } }],
    ['web_index', 'file.managed', `${dir}/index.html`, null, `The file ${dir}/index.html is set to be changed${note}`, ...times[1], { newfile: `${dir}/index.html` }],
    ['web_init', 'cmd.run', cmd, null, `Command "${cmd}" would have been executed`, ...times[2], { cmd }],
  ];
}

const FAIL: Row[] = [
  ['fail_cmd', 'cmd.run', '/bin/false', false, 'Command "/bin/false" run', '16:22:44.667701', 16.495, { pid: 22477, retcode: 1, stderr: '', stdout: '' }],
  ['fail_missing_source', 'file.managed', '/srv/www/minion1/missing.txt', false, "Source file salt://does/not/exist.txt not found in saltenv 'base'", '16:22:44.723396', 43.488, {}],
  ['fail_requisite', 'cmd.run', 'echo never', false, 'One or more requisite failed: fail.fail_cmd', '16:22:44.767223', 0.001, {}],
];

describe('highstate against the Salt 3006 references', () => {
  it('first run: three minions, everything changed (state_apply.txt)', () => {
    const returns: Array<[string, unknown]> = [
      ['minion1', stateReturn('web', firstRun('minion1', [['16:22:27.639481', 99.326], ['16:22:27.739086', 106.779], ['16:22:27.856870', 5820.191]]))],
      ['minion3', stateReturn('web', firstRun('minion3', [['16:22:27.727517', 183.543], ['16:22:27.911359', 93.827], ['16:22:28.008155', 5992.975]]))],
      ['minion2', shuffled(stateReturn('web', firstRun('minion2', [['16:22:27.792146', 123.65], ['16:22:27.916044', 55.132], ['16:22:27.976390', 6056.469]])))],
    ];
    expect(printReturns(plain(), returns)).toBe(referenceStdout('state_apply.txt'));
  });

  it('second run: nothing changed (state_apply_second_run.txt)', () => {
    const returns: Array<[string, unknown]> = [
      ['minion1', stateReturn('web', secondRun('minion1', [['16:22:35.927008', 208.841], ['16:22:36.136137', 35.739], ['16:22:36.178748', 7115.46]]))],
      ['minion3', stateReturn('web', secondRun('minion3', [['16:22:35.954850', 153.917], ['16:22:36.109149', 59.526], ['16:22:36.175567', 7183.129]]))],
      ['minion2', stateReturn('web', secondRun('minion2', [['16:22:35.617461', 138.416], ['16:22:35.756157', 145.504], ['16:22:35.914948', 7703.504]]))],
    ];
    expect(printReturns(plain(), returns)).toBe(referenceStdout('state_apply_second_run.txt'));
  });

  it('test=True: None results count as unchanged and their changes as changed (state_apply_web_test_true_fresh.txt)', () => {
    const rows = testRun('/tmp/www/minion1', [['07:09:36.998013', 48.784], ['07:09:37.047167', 39.391], ['07:09:37.090602', 3647.774]]);
    expect(printReturns(plain(), [['minion1', stateReturn('web', rows)]])).toBe(referenceStdout('state_apply_web_test_true_fresh.txt'));
  });

  it('failures and a failed requisite (state_apply_fail.txt)', () => {
    expect(printReturns(plain(), [['minion1', stateReturn('fail', FAIL)]])).toBe(referenceStdout('state_apply_fail.txt'));
  });

  it('is registered as "highstate"', () => {
    expect(getOutputter('highstate')).toBe(highstate);
  });
});

const ONE: Row[] = [
  ['a', 'test.nop', 'a', true, 'Success!', '10:00:00.000001', 1.5, {}],
  ['b', 'test.succeed_with_changes', 'bee', true, 'Changed', '10:00:00.000002', 2, { testing: { old: 'Unchanged', new: 'Something pretended to change' } }],
  ['c', 'test.fail_without_changes', 'c', false, 'Failure!', '10:00:00.000003', 0.25, {}],
  ['d', 'file.managed', '/x', null, 'The file /x is set to be changed\nNote: no backup', '10:00:00.000004', 0.001, { diff: 'New file' }],
];

describe('highstate layout', () => {
  const data = { m: stateReturn('one', ONE) };

  it('full: Name only when it differs from the ID, multi-line comments indented, None results counted as unchanged', () => {
    expect(plain()(data)).toBe([
      'm:',
      '----------',
      '          ID: a',
      '    Function: test.nop',
      '      Result: True',
      '     Comment: Success!',
      '     Started: 10:00:00.000001',
      '    Duration: 1.5 ms',
      '     Changes:   ',
      '----------',
      '          ID: b',
      '    Function: test.succeed_with_changes',
      '        Name: bee',
      '      Result: True',
      '     Comment: Changed',
      '     Started: 10:00:00.000002',
      '    Duration: 2.0 ms',
      '     Changes:   ',
      '              ----------',
      '              testing:',
      '                  ----------',
      '                  new:',
      '                      Something pretended to change',
      '                  old:',
      '                      Unchanged',
      '----------',
      '          ID: c',
      '    Function: test.fail_without_changes',
      '      Result: False',
      '     Comment: Failure!',
      '     Started: 10:00:00.000003',
      '    Duration: 0.25 ms',
      '     Changes:   ',
      '----------',
      '          ID: d',
      '    Function: file.managed',
      '        Name: /x',
      '      Result: None',
      '     Comment: The file /x is set to be changed',
      '              Note: no backup',
      '     Started: 10:00:00.000004',
      '    Duration: 0.001 ms',
      '     Changes:   ',
      '              ----------',
      '              diff:',
      '                  New file',
      '',
      'Summary for m',
      '------------',
      'Succeeded: 3 (unchanged=1, changed=2)',
      'Failed:    1',
      '------------',
      'Total states run:     4',
      'Total run time:   3.751 ms',
    ].join('\n'));
  });

  it.each<[string, string[]]>([
    ['terse', [
      '  Name: a - Function: test.nop - Result: Clean - Started: 10:00:00.000001 - Duration: 1.5 ms',
      '  Name: bee - Function: test.succeed_with_changes - Result: Changed - Started: 10:00:00.000002 - Duration: 2.0 ms',
      '  Name: c - Function: test.fail_without_changes - Result: Failed - Started: 10:00:00.000003 - Duration: 0.25 ms',
      '  Name: /x - Function: file.managed - Result: Differs - Started: 10:00:00.000004 - Duration: 0.001 ms',
    ]],
    ['terse_id', [
      '  Name: a - Function: test.nop - Result: Clean - Started: 10:00:00.000001 - Duration: 1.5 ms',
      '  Name: b - Function: test.succeed_with_changes - Result: Changed - Started: 10:00:00.000002 - Duration: 2.0 ms',
      '  Name: c - Function: test.fail_without_changes - Result: Failed - Started: 10:00:00.000003 - Duration: 0.25 ms',
      '  Name: d - Function: file.managed - Result: Differs - Started: 10:00:00.000004 - Duration: 0.001 ms',
    ]],
  ])('state output %s: one line per state', (stateOutput, lines) => {
    const text = plain({ stateOutput })(data);
    expect(text.split('\n').slice(1, 5)).toEqual(lines);
    expect(text).toContain('\nSummary for m\n');
  });

  it.each<[string, string[]]>([
    ['mixed', ['a', 'bee', '----------', '/x']],
    ['changes', ['a', '----------', '----------', '----------']],
    ['full', ['----------', '----------', '----------', '----------']],
  ])('state output %s: terse lines where Salt prints them', (stateOutput, starts) => {
    const lines = plain({ stateOutput })(data).split('\n');
    const heads = lines.filter((l) => l === '----------' || l.startsWith('  Name: ')).map((l) => (l === '----------' ? l : l.split(' ')[3]));
    expect(heads).toEqual(starts);
  });

  it('state_verbose false hides states that succeeded without changes but counts them', () => {
    const text = plain({ stateVerbose: false })(data);
    expect(text).not.toContain('ID: a');
    expect(text).toContain('ID: b');
    expect(text).toContain('ID: c');
    expect(text).toContain('Total states run:     4');
  });

  it('render errors: "Data failed to compile"', () => {
    const errors = ["Rendering SLS 'base:web' failed: bad indentation of a mapping entry; line 3", "No matching sls found for 'db' in env 'base'"];
    expect(plain()({ m: errors })).toBe([
      'm:',
      '    Data failed to compile:',
      '----------',
      "    Rendering SLS 'base:web' failed: bad indentation of a mapping entry; line 3",
      '----------',
      "    No matching sls found for 'db' in env 'base'",
    ].join('\n'));
  });

  it('a string return (an executor error) prints indented under the minion', () => {
    expect(plain()({ m: "ERROR: 'state.x' is not available.\nsecond" })).toBe("m:\n    ERROR: 'state.x' is not available.\n    second");
  });

  it('the "no top file match" pseudo-state has no Name, Started or Duration lines', () => {
    const ret = { 'no_|-states_|-states_|-None': { result: false, comment: 'No Top file or master_tops data matches found. Please see master log for details.', name: 'No States', changes: {}, __run_num__: 0 } };
    expect(plain()({ m: ret })).toBe([
      'm:',
      '----------',
      '          ID: states',
      '    Function: no.None',
      '      Result: False',
      '     Comment: No Top file or master_tops data matches found. Please see master log for details.',
      '     Changes:   ',
      '',
      'Summary for m',
      '------------',
      'Succeeded: 0',
      'Failed:    1',
      '------------',
      'Total states run:     1',
      'Total run time:   0.000 ms',
    ].join('\n'));
  });

  it('an empty return still prints its Summary', () => {
    expect(plain()({ m: {} })).toBe('m:\n\nSummary for m\n-----------\nSucceeded: 0\nFailed:   0\n-----------\nTotal states run:    0\nTotal run time:  0.000 ms');
  });
});

describe('highstate colours', () => {
  const G = '\x1b[0;32m';
  const R = '\x1b[0;31m';
  const C = '\x1b[0;36m';
  const Y = '\x1b[0;1;33m';
  const LR = '\x1b[0;1;31m';
  const E = '\x1b[0;0m';
  const color = (data: unknown, opts: Partial<OutputOptions> = {}): string[] => highstate(data, { color: true, ...opts }).split('\n');

  it('the minion is green when all succeeded, a clean state green, a changed one cyan', () => {
    const lines = color({ m: stateReturn('one', ONE.slice(0, 2)) });
    expect(lines[0]).toBe(`${G}m:${E}`);
    expect(lines[1]).toBe(`${G}----------${E}`);
    expect(lines[2]).toBe(`    ${G}      ID: a${E}`);
    expect(lines).toContain(`    ${C}    Name: bee${E}`);
    expect(lines).toContain(`${C}     Changes:   `);
    expect(lines.slice(-8, -1)).toEqual([
      `${C}`,
      `Summary for m`,
      `------------${E}`,
      `${G}Succeeded: 2${E} (${G}changed=1${E})`,
      `${C}Failed:    0${E}`,
      `${C}------------`,
      `Total states run:     2${E}`,
    ]);
  });

  it('a failure turns the state and the minion red; None turns them light yellow', () => {
    const lines = color({ m: stateReturn('one', ONE.slice(2, 3)) });
    expect(lines[0]).toBe(`${R}m:${E}`);
    expect(lines).toContain(`    ${R}  Result: False${E}`);
    expect(lines).toContain(`${R}Failed:    1${E}`);
    const yellow = color({ m: stateReturn('one', ONE.slice(3)) });
    expect(yellow[0]).toBe(`${Y}m:${E}`);
    expect(yellow).toContain(`    ${Y}  Result: None${E}`);
    expect(yellow).toContain(`${G}Succeeded: 1${E} (${Y}unchanged=1${E}, ${G}changed=1${E})`);
  });

  it('compile errors are light red', () => {
    expect(color({ m: ['boom'] })).toEqual([`${LR}m:${E}`, `    ${LR}Data failed to compile:${E}`, `${LR}----------`, `    boom${E}`]);
  });
});
