/** IP address text as Python's `ipaddress` prints and orders it, for the address grains. */
import { isIPv6 } from 'node:net';
import { compareIp, ipAddress, isLoopback as isLoopbackIp } from '@brine/core/python-ipaddress';

/**
 * An IPv6 address in its canonical compressed form (RFC 5952, as Python's
 * `str(ipaddress.ip_address(...))` and inet_ntop print it): lowercase, no
 * leading zeros, the longest run of two or more zero groups as '::'.
 * @param addr any valid IPv6 text, e.g. 'fd00:0000:0000:0000:0000:0000:0000:0001'
 * @returns e.g. 'fd00::1'; the input unchanged when it is not IPv6
 */
export function canonicalIPv6(addr: string): string {
  if (!isIPv6(addr)) return addr;
  const [bare, zone] = addr.split('%');
  const host = new URL(`http://[${bare}]/`).hostname;
  return host.slice(1, -1) + (zone === undefined ? '' : `%${zone}`);
}

/** A /proc/net hex IPv6 address (32 hex digits) in canonical form ('fd00…0001' → 'fd00::1'). */
export function hexIPv6(hex: string): string {
  return canonicalIPv6(hex.match(/.{4}/g)!.join(':'));
}

/** A /proc/net/route hex IPv4 address (host byte order, little-endian here) in dotted form ('010200C0' → '192.0.2.1'). */
export function hexIPv4(hex: string): string {
  const n = Number.parseInt(hex, 16);
  return [n & 255, (n >>> 8) & 255, (n >>> 16) & 255, n >>> 24].join('.');
}

/** Distinct addresses of one family in numeric order, as Salt's `ip_addrs` returns them (`sorted(set(...))`). */
export function sortAddresses(addrs: string[]): string[] {
  return [...new Set(addrs)].sort((a, b) => compareIp(ipAddress(a)!, ipAddress(b)!));
}

/** True for a loopback address (127.0.0.0/8, ::1); false for text that is not an address. */
export function isLoopback(addr: string): boolean {
  const ip = ipAddress(addr);
  return ip !== null && isLoopbackIp(ip);
}
