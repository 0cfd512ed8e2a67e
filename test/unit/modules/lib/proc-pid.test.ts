import fs from 'node:fs';
import path from 'node:path';
import { parseCmdline, parsePidStat, parsePidStatus, parseStatm, processName, processStatus } from '@brine/modules/lib/proc-pid';

const PID = path.resolve(__dirname, '../../../fixtures/proc/1234');
const read = (name: string) => fs.readFileSync(path.join(PID, name), 'utf8');

describe('/proc/<pid> parsers', () => {
  it('stat: a name with spaces and parentheses, fields numbered as proc(5)', () => {
    expect(parsePidStat(read('stat'))).toEqual({
      pid: 1234, comm: 'my (odd) proc', state: 'S', ppid: 1, utime: 150, stime: 75, cutime: 10, cstime: 5,
      nice: 0, numThreads: 3, starttime: 123456, processor: 1, blkioTicks: 42,
    });
    expect(parsePidStat('garbage')).toBeUndefined();
  });

  it("reads this process's own stat", () => {
    const st = parsePidStat(fs.readFileSync('/proc/self/stat', 'utf8'));
    expect(st).toMatchObject({ pid: expect.any(Number), state: 'R' });
  });

  it('status: real, effective and saved ids, context switches', () => {
    expect(parsePidStatus(read('status'))).toEqual({ uids: [1000, 1001, 1002], gids: [100, 101, 102], voluntaryCtxtSwitches: 57, involuntaryCtxtSwitches: 3 });
    expect(parsePidStatus('Name: x\n')).toEqual({ uids: [0, 0, 0], gids: [0, 0, 0], voluntaryCtxtSwitches: 0, involuntaryCtxtSwitches: 0 });
  });

  it('statm: pages to bytes in psutil order', () => {
    expect(parseStatm(read('statm'), 4096)).toEqual({ rss: 2048 * 4096, vms: 12800 * 4096, shared: 512 * 4096, text: 10 * 4096, lib: 0, data: 900 * 4096, dirty: 0 });
  });

  it('cmdline: NUL-separated words, spaces kept inside words', () => {
    expect(parseCmdline(read('cmdline'))).toEqual(['/usr/local/bin/a-very-long-daemon-name', '--flag', 'value with space']);
    expect(parseCmdline('')).toEqual([]);
  });

  it("name: psutil's, completed from the command line when comm was cut at 15 characters", () => {
    expect(processName('a-very-long-dae', ['/usr/local/bin/a-very-long-daemon-name'])).toBe('a-very-long-daemon-name');
    expect(processName('a-very-long-dae', ['/bin/other'])).toBe('a-very-long-dae');
    expect(processName('bash', ['/bin/bash-other'])).toBe('bash');
  });

  it.each([['R', 'running'], ['S', 'sleeping'], ['D', 'disk-sleep'], ['Z', 'zombie'], ['I', 'idle'], ['?', '?']])('status %s is %s', (letter, name) => {
    expect(processStatus(letter)).toBe(name);
  });
});
