/**
 * Naming and address grains as Salt 3006 computes them on Linux: `localhost`,
 * `fqdn`, `host`, `domain`; per interface `ip_interfaces`, `ip4_interfaces`,
 * `ip6_interfaces`, `hwaddr_interfaces` (every interface `ip addr show`
 * lists, in its order, including those without addresses); `ipv4`, `ipv6`;
 * `fqdn_ip4`, `fqdn_ip6` and `fqdns`.
 *
 * Interfaces and MAC addresses come from /sys/class/net, addresses from the
 * kernel through Node (getifaddrs), so no `ip` process runs. An IPv4 address
 * is secondary, as `ip` marks it, when an earlier address of the interface has
 * the same prefix length and network. Node does not list the addresses of an
 * interface that is down, so those show no addresses here where Salt lists them.
 */
import dns from 'node:dns/promises';
import { isIP } from 'node:net';
import os from 'node:os';
import pLimit from 'p-limit';
import type { Grains } from '@brine/core/loader/define';
import { canonicalIPv6, isLoopback, sortAddresses } from './ip';
import { listDir, readText } from './read';

/**
 * Reverse lookups the `fqdns` grain runs at once. Each holds one of libuv's four worker threads (getnameinfo
 * blocks), so a host with many addresses and a slow resolver would otherwise stall every file and DNS call.
 */
export const FQDN_LOOKUPS = 2;

/** Longest wait for the resolver in a name grain, so a dead DNS server cannot stall minion start. */
const DNS_TIMEOUT_MS = 2000;

/** `promise`'s value, or undefined when it fails or takes longer than {@link DNS_TIMEOUT_MS}. */
async function withinTimeout<T>(promise: Promise<T>): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), DNS_TIMEOUT_MS);
  });
  return Promise.race([promise.catch(() => undefined), timeout]).finally(() => clearTimeout(timer));
}

/** The name getnameinfo gives `address`, or undefined when it has none (the resolver then returns the address itself). */
async function nameOf(address: string): Promise<string | undefined> {
  const name = (await withinTimeout(dns.lookupService(address, 0)))?.hostname;
  return name && !isIP(name) ? name : undefined;
}

/**
 * This host's fully qualified name: resolve the hostname, then take the
 * canonical name of that address when it is qualified (has a dot); otherwise,
 * or on any lookup failure or timeout, the hostname.
 */
export async function fqdn(hostname: string): Promise<string> {
  const address = (await withinTimeout(dns.lookup(hostname)))?.address;
  const name = address === undefined ? undefined : await nameOf(address);
  return name?.includes('.') ? name : hostname;
}

/** Name grains: `localhost` is the hostname; `host` and `domain` split `fqdn` at its first dot, as Salt. */
export async function nameGrains(): Promise<Grains> {
  const hostname = os.hostname();
  const full = await fqdn(hostname);
  const dot = full.indexOf('.');
  return { localhost: hostname, fqdn: full, host: dot < 0 ? full : full.slice(0, dot), domain: dot < 0 ? '' : full.slice(dot + 1) };
}

/** One interface as Salt's `_interfaces_ip` parses `ip addr show`. */
export interface Interface {
  name: string;
  hwaddr?: string;
  inet: string[];
  inet6: string[];
  /** Secondary IPv4 addresses. */
  secondary: string[];
}

/** The network of `addr`/`prefix` as a number, for finding secondary addresses. */
function network4(addr: string, prefix: number): number {
  const n = addr.split('.').reduce((acc, p) => acc * 256 + Number(p), 0);
  return prefix === 0 ? 0 : Math.floor(n / 2 ** (32 - prefix));
}

/**
 * Build Salt's interface table.
 * @param links interface names with their ifindex and MAC address ('' when the link has none), any order
 * @param addrs the addresses of each interface, as `os.networkInterfaces()` gives them
 * @returns the interfaces in ifindex order (the order `ip addr show` prints)
 */
export function interfaceTable(links: { name: string; index: number; mac: string }[], addrs: NodeJS.Dict<os.NetworkInterfaceInfo[]>): Interface[] {
  return [...links]
    .sort((a, b) => a.index - b.index)
    .map(({ name, mac }) => {
      const iface: Interface = { name, inet: [], inet6: [], secondary: [], ...(mac ? { hwaddr: mac } : {}) };
      const seen: { prefix: number; net: number }[] = [];
      for (const a of addrs[name] ?? []) {
        if (a.family === 'IPv6') {
          iface.inet6.push(canonicalIPv6(a.address));
          continue;
        }
        const prefix = Number(a.cidr?.split('/')[1] ?? 32);
        const net = network4(a.address, prefix);
        if (seen.some((s) => s.prefix === prefix && s.net === net)) iface.secondary.push(a.address);
        else {
          seen.push({ prefix, net });
          iface.inet.push(a.address);
        }
      }
      return iface;
    });
}

/** This host's interfaces: /sys/class/net for the list, order and MACs, the kernel's address list for addresses. */
export function hostInterfaces(): Interface[] {
  const links = listDir('/sys/class/net').flatMap((name) => {
    const index = Number(readText(`/sys/class/net/${name}/ifindex`));
    return Number.isFinite(index) ? [{ name, index, mac: (readText(`/sys/class/net/${name}/address`) ?? '').trim() }] : [];
  });
  return interfaceTable(links, os.networkInterfaces());
}

/**
 * Salt's per-interface grains and `ipv4`/`ipv6` from an interface table:
 * ip_interfaces lists IPv4, then IPv6, then secondary addresses; ipv4 and ipv6
 * are every address (loopback included) once, in numeric order.
 */
export function addressGrains(ifaces: Interface[]): Grains {
  const per = (f: (i: Interface) => string[]) => Object.fromEntries(ifaces.map((i) => [i.name, f(i)]));
  return {
    hwaddr_interfaces: Object.fromEntries(ifaces.flatMap((i) => (i.hwaddr ? [[i.name, i.hwaddr]] : []))),
    ip4_interfaces: per((i) => [...i.inet, ...i.secondary]),
    ip6_interfaces: per((i) => i.inet6),
    ipv4: sortAddresses(ifaces.flatMap((i) => [...i.inet, ...i.secondary])),
    ipv6: sortAddresses(ifaces.flatMap((i) => i.inet6)),
    ip_interfaces: per((i) => [...i.inet, ...i.inet6, ...i.secondary]),
  };
}

/**
 * Salt's `fqdn_ip4` and `fqdn_ip6`: the addresses `name` resolves to in each
 * family, [] when the host has no address of that family or the lookup fails.
 */
export async function fqdnAddresses(name: string, hasIPv4: boolean, hasIPv6: boolean): Promise<Grains> {
  const lookup = async (family: 4 | 6, has: boolean): Promise<string[]> => {
    if (!has) return [];
    const found = await withinTimeout(dns.lookup(name, { all: true, family }));
    return [...new Set((found ?? []).map((a) => (family === 6 ? canonicalIPv6(a.address) : a.address)))];
  };
  return { fqdn_ip4: await lookup(4, hasIPv4), fqdn_ip6: await lookup(6, hasIPv6) };
}

/**
 * Salt's `fqdns`: the names of this host's non-loopback addresses, each looked
 * up in reverse ({@link FQDN_LOOKUPS} at a time, each bounded by a timeout), sorted and distinct.
 * brine asks getnameinfo, which gives the primary name of an address, not its aliases.
 */
export async function fqdns(addresses: string[]): Promise<string[]> {
  const limit = pLimit(FQDN_LOOKUPS);
  const names = await Promise.all(addresses.filter((a) => !isLoopback(a)).map((a) => limit(() => nameOf(a))));
  return [...new Set(names.filter((n): n is string => n !== undefined))].sort();
}
