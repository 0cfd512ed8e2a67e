/**
 * Naming and network grains: `localhost`, `nodename`, `fqdn`, `host`,
 * `domain`, and `ipv4`, `ipv6`, `ip4_interfaces`, `ip6_interfaces`,
 * `hwaddr_interfaces` from the interfaces that have addresses.
 */
import dns from 'node:dns/promises';
import { isIP } from 'node:net';
import os from 'node:os';
import type { Grains } from '@brine/core/loader/define';

/** Longest wait for the resolver when looking up the FQDN, so a dead DNS server cannot stall minion start. */
const FQDN_TIMEOUT_MS = 2000;

/**
 * This host's fully qualified name as Python's `socket.getfqdn()`: resolve
 * the hostname, then take the canonical name of that address when it is
 * qualified (has a dot and is not a bare address, which the resolver returns
 * when the address has no name); otherwise, or on any lookup failure or timeout, the hostname.
 */
export async function fqdn(hostname: string): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), FQDN_TIMEOUT_MS);
  });
  const lookup = dns
    .lookup(hostname)
    .then(({ address }) => dns.lookupService(address, 0))
    .then(({ hostname: name }) => name, () => undefined);
  const name = await Promise.race([lookup, timeout]).finally(() => clearTimeout(timer));
  return name?.includes('.') && !isIP(name) ? name : hostname;
}

/**
 * Interface address grains. Loopback is included (ipv4 lists 127.0.0.1), as in
 * Salt; interfaces without addresses are not listed.
 */
export function interfaceGrains(): Grains {
  const ifaces = Object.entries(os.networkInterfaces()).flatMap(([name, addrs]) => (addrs?.length ? [{ name, addrs }] : []));
  const byFamily = (family: string): Record<string, string[]> =>
    Object.fromEntries(ifaces.map(({ name, addrs }) => [name, addrs.filter((a) => a.family === family).map((a) => a.address)]));
  const ip4 = byFamily('IPv4');
  const ip6 = byFamily('IPv6');
  return {
    ipv4: [...new Set(Object.values(ip4).flat())],
    ipv6: [...new Set(Object.values(ip6).flat())],
    ip4_interfaces: ip4,
    ip6_interfaces: ip6,
    hwaddr_interfaces: Object.fromEntries(ifaces.map(({ name, addrs }) => [name, addrs[0].mac])),
  };
}

/** Name grains: `host` and `domain` split `fqdn` at its first dot, as Salt. */
export async function nameGrains(): Promise<Grains> {
  const hostname = os.hostname();
  const full = await fqdn(hostname);
  const dot = full.indexOf('.');
  return {
    localhost: hostname,
    nodename: hostname,
    fqdn: full,
    host: dot < 0 ? full : full.slice(0, dot),
    domain: dot < 0 ? '' : full.slice(dot + 1),
  };
}
