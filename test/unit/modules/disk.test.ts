import fs from 'node:fs';
import path from 'node:path';
import { CommandExecutionError } from '@brine/core/errors';
import { cleanFlags, parseDfInodes, parseDfUsage } from '@brine/modules/disk';
import { parseMounts } from '@brine/modules/lib/procfs';
import { makeHarness, type Harness } from '../helpers/exec-context';

const FIXTURES = path.resolve(__dirname, '../../fixtures/commands');
const read = (name: string) => fs.readFileSync(path.join(FIXTURES, name), 'utf8');

describe('df parsing', () => {
  it('df -P: keyed by mount point, with Salt\'s keys', () => {
    expect(parseDfUsage(read('df-P.txt'))['/']).toEqual({
      filesystem: '/dev/vda', '1K-blocks': expect.stringMatching(/^\d+$/), used: expect.stringMatching(/^\d+$/), available: expect.stringMatching(/^\d+$/), capacity: expect.stringMatching(/^\d+%$/),
    });
  });

  it('joins file system names with spaces and lines df wrapped', () => {
    expect(parseDfUsage(read('df-P-wrapped.txt'))).toEqual({
      '/': { filesystem: '/dev/mapper/vg0-root', '1K-blocks': '41022688', used: '12026584', available: '26882008', capacity: '31%' },
      '/mnt/share': { filesystem: '//server/share with spaces', '1K-blocks': '1000000', used: '250000', available: '750000', capacity: '25%' },
      '/srv': { filesystem: '/dev/mapper/a-very-long-logical-volume-name-that-wraps', '1K-blocks': '10255636', used: '1024000', available: '8689068', capacity: '11%' },
      '/run': { filesystem: 'tmpfs', '1K-blocks': '816148', used: '1148', available: '815000', capacity: '1%' },
    });
  });

  it('df -iP: inodes, used, free, use, filesystem', () => {
    expect(parseDfInodes(read('df-iP.txt'))['/']).toEqual({
      inodes: expect.stringMatching(/^\d+$/), used: expect.stringMatching(/^\d+$/), free: expect.stringMatching(/^\d+$/), use: expect.stringMatching(/^\d+%$/), filesystem: '/dev/vda',
    });
  });

  it("passes on the flags Salt allows and refuses others with Salt's message", () => {
    expect(cleanFlags(undefined, 'disk.usage')).toBe('');
    expect(cleanFlags('lh', 'disk.usage')).toBe('lh');
    expect(() => cleanFlags('l;rm', 'disk.usage')).toThrow(new CommandExecutionError('Invalid flag passed to disk.usage'));
  });
});

describe('disk module on this machine', () => {
  let h: Harness;
  beforeAll(() => (h = makeHarness()));
  afterAll(() => h.cleanup());

  it('usage lists the root file system and other mount points of /proc/mounts', async () => {
    const usage = (await h.call('disk.usage')) as Record<string, { '1K-blocks': string; capacity: string }>;
    expect(usage['/']).toMatchObject({ '1K-blocks': expect.stringMatching(/^\d+$/), capacity: expect.stringMatching(/^\d+%$/) });
    const mounted = new Set(parseMounts(fs.readFileSync('/proc/mounts', 'utf8')).map((m) => m.mountpoint));
    for (const mountpoint of Object.keys(usage)) expect(mounted).toContain(mountpoint);
  });

  it('usage with l lists local file systems only; a bad flag fails', async () => {
    await expect(h.call('disk.usage', 'l')).resolves.toHaveProperty('/');
    await expect(h.call('disk.usage', 'args=z')).rejects.toThrow('Invalid flag passed to disk.usage');
  });

  it('inodeusage gives the root file system\'s inodes', async () => {
    const inodes = (await h.call('disk.inodeusage')) as Record<string, { inodes: string }>;
    expect(inodes['/'].inodes).toMatch(/^\d+$/);
    await expect(h.call('disk.inodeusage', 'q')).rejects.toThrow('Invalid flag passed to disk.inodeusage');
  });
});
