import fs from 'node:fs';
import path from 'node:path';
import { parseBootTime, parseCpuinfo, parseMeminfo, parseMounts, parseUptime } from '@brine/modules/lib/procfs';

const PROC = path.resolve(__dirname, '../../../fixtures/proc');
const read = (name: string) => fs.readFileSync(path.join(PROC, name), 'utf8');

describe('/proc parsers (snapshots in test/fixtures/proc)', () => {
  it('meminfo: value as text, unit when the line has one', () => {
    const mem = parseMeminfo(read('meminfo'));
    expect(mem.MemTotal).toEqual({ value: expect.stringMatching(/^\d+$/), unit: 'kB' });
    expect(mem.HugePages_Total).toEqual({ value: expect.stringMatching(/^\d+$/) });
    expect(Object.keys(mem)).toHaveLength(read('meminfo').trim().split('\n').length);
    expect(parseMeminfo('MemTotal:       16316028 kB\n\nHugePages_Free:        0\n')).toEqual({ MemTotal: { value: '16316028', unit: 'kB' }, HugePages_Free: { value: '0' } });
  });

  it('cpuinfo: one flat dict, the last processor winning, flags as a list', () => {
    const info = parseCpuinfo(read('cpuinfo'));
    expect(info.processor).toBe('1');
    expect(Array.isArray(info.flags)).toBe(true);
    expect(info.flags).toContain('fpu');
    expect(typeof info['model name']).toBe('string');
    expect(parseCpuinfo('processor\t: 0\nmodel name\t: Weird: CPU\npower management:\n\nflags\t\t: a b\n')).toEqual({
      processor: '0', 'model name': 'Weird', 'power management': '', flags: ['a', 'b'],
    });
  });

  it('uptime: whole seconds', () => {
    expect(parseUptime(read('uptime'))).toBe(Math.trunc(Number(read('uptime').split(' ')[0])));
    expect(parseUptime('2411.99 100.0\n')).toBe(2411);
    expect(parseUptime('')).toBeUndefined();
  });

  it('mounts: mount point and type, octal escapes decoded', () => {
    const mounts = parseMounts(read('mounts'));
    expect(mounts).toContainEqual({ mountpoint: '/', fstype: 'ext4' });
    expect(mounts).toContainEqual({ mountpoint: '/sys/fs/cgroup', fstype: 'tmpfs' });
    expect(parseMounts('//srv/a /mnt/my\\040share cifs rw 0 0\n')).toEqual([{ mountpoint: '/mnt/my share', fstype: 'cifs' }]);
  });

  it('stat: the boot time', () => {
    expect(parseBootTime(read('stat'))).toEqual(expect.any(Number));
    expect(parseBootTime('cpu 1 2 3\nbtime 1796106474\n')).toBe(1796106474);
    expect(parseBootTime('cpu 1 2 3\n')).toBeUndefined();
  });
});
