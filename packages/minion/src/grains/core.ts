/**
 * Salt's core grains for this Linux host, collected as Salt 3006 computes
 * them and in the order its loader reports them (the functions of
 * salt/grains/core.py by name, then disks.py, extra.py, minion_process.py and
 * zfs.py), then the custom grains of the minion's `grains` file (written by
 * grains.setval) and last the `grains:` map of the minion config, which wins.
 *
 * Collection is cheap enough for thousands of minions in one process: what
 * does not change while the host runs (OS, CPU, kernel, tools' answers, names)
 * is collected once per process; addresses, routes, resolver, memory and the
 * like are read from /proc, /sys and /etc files, at most once a second.
 */
import crypto from 'node:crypto';
import os from 'node:os';
import type { Grains } from '@brine/core/loader/define';
import { readPersistedGrains } from '@brine/modules/grains';
import { dnsGrains } from './dns';
import { dmiGrains, gpuGrains, machineId, parseCpuinfo, parseMeminfo } from './hardware';
import { addressGrains, fqdnAddresses, fqdns, hostInterfaces, nameGrains } from './network';
import { hostDistribution, osArch, releaseGrains } from './os';
import { readText } from './read';
import { hostGateways } from './routes';
import { localeInfo, pathGrains, runtimeGrains, versionGrains } from './runtime';
import { diskGrains, zfsGrains } from './storage';
import { efiGrains, initSystem, kernelParamsGrains, selinuxGrains, systemdGrains, transactional } from './system';
import { processGrains } from './user';
import { virtualGrains } from './virtual';

/** How long a reading of the host's changing facts (addresses, routes, memory) is reused by other minions of the process. */
const DYNAMIC_TTL_MS = 1000;

/** Salt's `server_id`: the SHA-256 of the minion id as an integer, modulo 2^31. */
export function serverId(id: string): number {
  return Number(BigInt(`0x${crypto.createHash('sha256').update(id).digest('hex')}`) % 2n ** 31n);
}

/** The host's facts that change while it runs, read from files: cheap, and fresh at each collection. */
function dynamicGrains(): Grains {
  return {
    cwd: process.cwd(),
    ...hostGateways(),
    ...dnsGrains(),
    ...addressGrains(hostInterfaces()),
    ...parseMeminfo(readText('/proc/meminfo')),
    ...pathGrains(),
    ...processGrains(),
  };
}

let dynamicCache: { at: number; grains: Grains } | undefined;

/** {@link dynamicGrains}, shared by collections less than {@link DYNAMIC_TTL_MS} apart. */
function freshDynamicGrains(): Grains {
  const now = Date.now();
  if (!dynamicCache || now - dynamicCache.at >= DYNAMIC_TTL_MS) dynamicCache = { at: now, grains: dynamicGrains() };
  return dynamicCache.grains;
}

/**
 * Salt's os_data grains (kernel, distribution, CPU, GPUs, memory placeholders,
 * firmware, virtual, ps, release) in its order.
 */
async function osData(enableLspci: boolean): Promise<Grains> {
  const cpuarch = os.machine();
  const [systemd, gpus, virtual] = await Promise.all([systemdGrains(), gpuGrains(enableLspci), virtualGrains(enableLspci)]);
  const dist = hostDistribution();
  const g: Grains = {
    num_gpus: 0,
    gpus: [],
    kernel: os.type(),
    nodename: os.hostname(),
    kernelrelease: os.release(),
    kernelversion: os.version(),
    cpuarch,
    ...selinuxGrains(),
    ...systemd,
    init: initSystem(),
    ...dist,
    ...parseCpuinfo(readText('/proc/cpuinfo')),
    ...gpus,
    osarch: osArch(String(dist.os_family ?? ''), cpuarch),
    mem_total: undefined,
    swap_total: undefined,
    ...dmiGrains(),
    ...virtual,
    ps: 'ps -efHww',
  };
  if (typeof dist.osrelease === 'string' && dist.osrelease) Object.assign(g, releaseGrains(String(dist.os), String(dist.osfullname), dist.osrelease));
  return g;
}

/**
 * The host's grains that do not change while it runs, with every grain key in
 * Salt's order (keys filled later hold undefined).
 */
async function staticGrains(enableLspci: boolean): Promise<Grains> {
  const snapshot = freshDynamicGrains();
  const addresses = [...(snapshot.ipv4 as string[]), ...(snapshot.ipv6 as string[])];
  const [names, osGrains, hostFqdns] = await Promise.all([nameGrains(), osData(enableLspci), fqdns(addresses)]);
  const fqdnIps = await fqdnAddresses(String(names.fqdn), (snapshot.ipv4 as string[]).length > 0, (snapshot.ipv6 as string[]).length > 0);
  const placeholders = (...keys: string[]): Grains => Object.fromEntries(keys.map((k) => [k, undefined]));
  return {
    ...placeholders('cwd', 'ip_gw', 'ip4_gw', 'ip6_gw', 'dns'),
    fqdns: hostFqdns,
    ...machineId(),
    ...placeholders('master', 'server_id'),
    ...names,
    ...placeholders('hwaddr_interfaces', 'id', 'ip4_interfaces', 'ip6_interfaces', 'ipv4', 'ipv6'),
    ...fqdnIps,
    ...placeholders('ip_interfaces'),
    ...kernelParamsGrains(),
    ...localeInfo(),
    ...osGrains,
    ...placeholders('path', 'systempath'),
    ...runtimeGrains(),
    ...versionGrains(),
    ...diskGrains(),
    shell: process.env.SHELL ?? '/bin/sh',
    transactional: transactional(),
    ...efiGrains(),
    ...placeholders('username', 'groupname', 'pid', 'gid', 'uid'),
    ...zfsGrains(),
  };
}

/**
 * `compute`, called once and its answer kept, as long as it succeeds: a call that fails is not kept, so the
 * next call computes again (a failed first collection of the host's grains does not stick for the process's life).
 */
export function keepOnSuccess<T>(compute: () => Promise<T>): () => Promise<T> {
  let kept: Promise<T> | undefined;
  return () =>
    (kept ??= compute().catch((err: unknown) => {
      kept = undefined;
      throw err;
    }));
}

/** The host's static grains, with lspci as the first collection's config asked (they are the host's, shared by its minions). */
let enableLspci = true;
const staticCache = keepOnSuccess(() => staticGrains(enableLspci));

/** Custom grains from the minion's `grains` file; a missing, unreadable or malformed file gives none (Salt logs and skips it). */
function fileGrains(confFile: unknown): Grains {
  if (typeof confFile !== 'string' || confFile === '') return {};
  try {
    return readPersistedGrains(confFile);
  } catch {
    return {};
  }
}

/**
 * Collect this minion's grains: the host's core grains in Salt's order, its
 * own `id`, `master` and `server_id`, then the custom grains of its `grains`
 * file (next to its config file), then the config's `grains:` map.
 * @param opts the minion configuration: `id`, `master`, `conf_file`, `grains` and `enable_lspci` are read
 * @returns the grains, e.g. `{cwd, ip_gw, ..., id, os: 'Debian', osfinger: 'Debian-12', mem_total: 24105, ...}`
 *   (`mem_total` and `swap_total` in MiB); never throws for a bad grains file
 */
export async function collectGrains(opts: Record<string, unknown>): Promise<Grains> {
  enableLspci = opts.enable_lspci !== false;
  const host = await staticCache();
  const id = typeof opts.id === 'string' ? opts.id : '';
  const configured = typeof opts.grains === 'object' && opts.grains !== null && !Array.isArray(opts.grains) ? (opts.grains as Grains) : {};
  const grains: Grains = {
    ...host,
    ...freshDynamicGrains(),
    id,
    master: opts.master ?? '',
    server_id: serverId(id),
    ...fileGrains(opts.conf_file),
    ...configured,
  };
  for (const key of Object.keys(grains)) if (grains[key] === undefined) delete grains[key];
  return grains;
}
