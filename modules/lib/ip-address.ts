/**
 * Salt's IPv4 netmask helpers (salt/utils/network.py), on Python's
 * `ipaddress` as @brine/core/python-ipaddress has it.
 */
import { ipAddress, ipInterface, ipText, networkAndMask } from '@brine/core/python-ipaddress';

/**
 * The dotted netmask of an IPv4 prefix length, as Salt's `cidr_to_ipv4_netmask`:
 * `24` gives '255.255.255.0'; '' outside 1..32.
 */
export function cidrToIpv4Netmask(prefixlen: number): string {
  if (!Number.isInteger(prefixlen) || prefixlen < 1 || prefixlen > 32) return '';
  return ipText(networkAndMask({ version: 4, value: 0n, prefix: prefixlen }).netmask);
}

/**
 * The network an IPv4 address with prefix (`192.0.2.7/24`, or a bare address for /32) belongs to, as Salt's
 * `convert_cidr` (Python's `ip_network(strict=False)`): `{network: '192.0.2.0', netmask: '255.255.255.0'}`.
 * @returns undefined when `text` is not an IPv4 address with an optional prefix length of 0..32
 */
export function ipv4Network(text: string): { network: string; netmask: string } | undefined {
  const [addr = '', prefix = '32', extra] = text.split('/');
  if (extra !== undefined || ipAddress(addr)?.version !== 4 || !/^\d{1,2}$/.test(prefix)) return undefined;
  const ip = ipInterface(`${addr}/${prefix}`);
  if (!ip) return undefined;
  const { network, netmask } = networkAndMask(ip);
  return { network: ipText(network), netmask: ipText(netmask) };
}
