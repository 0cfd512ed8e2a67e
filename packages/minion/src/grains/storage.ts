/**
 * Storage grains as Salt 3006 reports them on Linux: `disks` and `ssds`
 * (salt/grains/disks.py) and `zfs_support`, `zfs_feature_flags` (salt/grains/zfs.py).
 */
import fs from 'node:fs';
import type { Grains } from '@brine/core/loader/define';
import { exists, listDir, readText, which } from './read';

/**
 * Salt's `disks` and `ssds`: each block device under /sys/block that is not
 * virtual (its link does not point into devices/virtual) is an SSD when its
 * queue/rotational flag is 0 and a disk when it is 1.
 */
export function diskGrains(root = '/sys/block'): { disks: string[]; ssds: string[] } {
  const out = { disks: [] as string[], ssds: [] as string[] };
  for (const dev of listDir(root)) {
    let target = '';
    try {
      target = fs.readlinkSync(`${root}/${dev}`);
    } catch {
      // not a link: a real directory (older kernels)
    }
    if (target.startsWith('../devices/virtual/')) continue;
    const flag = readText(`${root}/${dev}/queue/rotational`)?.[0];
    if (flag === '0') out.ssds.push(dev);
    else if (flag === '1') out.disks.push(dev);
  }
  return out;
}

/**
 * Salt's ZFS grains on Linux: `zfs_support` when the zfs kernel module is
 * loaded (or zfs-fuse is installed) and zpool is installed;
 * `zfs_feature_flags` when, in addition, the zpool-features manual page is
 * installed (Salt asks `man zpool-features`).
 */
export function zfsGrains(): Grains {
  const support = (exists('/sys/module/zfs') || which('zfs-fuse') !== undefined) && which('zpool') !== undefined;
  const manual = listDir('/usr/share/man/man7').some((f) => f.startsWith('zpool-features.7')) || listDir('/usr/share/man/man5').some((f) => f.startsWith('zpool-features.5'));
  return { zfs_support: support, zfs_feature_flags: support && manual };
}
