/**
 * Salt's core grains for this host, collected at minion start from the OS
 * (os-release, uname, /etc files, interfaces) without spawning processes,
 * then overlaid with the `grains:` map of the minion config and the custom
 * grains persisted by `grains.setval`.
 */
import type { Grains } from '@brine/core/loader/define';
import { brineVersion } from '@brine/core/version';
import { readPersistedGrains } from '@brine/modules/grains';
import { hardwareGrains } from './hardware';
import { interfaceGrains, nameGrains } from './network';
import { osGrains } from './os';
import { userGrains } from './user';

/** Versions of brine and what it runs on: `saltversion`, `nodeversion`, `zmqversion` (libzmq). */
function versionGrains(): Grains {
  // Loaded here, not at the top, so importing this file does not load the native addon.
  const zmq = require('zeromq') as typeof import('zeromq');
  return { saltversion: brineVersion(), nodeversion: process.versions.node, zmqversion: zmq.version };
}

/** Custom grains from `<cachedir>/grains`; a missing, unreadable or malformed file gives none. */
function persistedGrains(cachedir: unknown): Grains {
  if (typeof cachedir !== 'string' || cachedir === '') return {};
  try {
    return readPersistedGrains(cachedir);
  } catch {
    return {};
  }
}

/**
 * Collect this minion's grains. Later sources override earlier ones: core
 * grains, then `opts.grains` (the config's `grains:` map), then the persisted
 * custom grains in `<opts.cachedir>/grains`.
 * @param opts the minion configuration: `id`, `grains`, `cachedir` are read
 * @returns the grains, e.g. `{id, os: 'Debian', osrelease: '12', mem_total: 24151, ipv4: [...], ...}`
 *   (`mem_total` in MiB); never throws for a bad custom grains file
 */
export async function collectGrains(opts: Record<string, unknown>): Promise<Grains> {
  const configured = typeof opts.grains === 'object' && opts.grains !== null && !Array.isArray(opts.grains) ? (opts.grains as Grains) : {};
  return {
    id: opts.id,
    ...(await nameGrains()),
    ...osGrains(),
    ...hardwareGrains(),
    ...interfaceGrains(),
    ...userGrains(),
    ...versionGrains(),
    ...configured,
    ...persistedGrains(opts.cachedir),
  };
}
