/** IP address text as Python's `ipaddress` prints and orders it, for the address grains. */
import { isIPv4, isIPv6 } from 'node:net';

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

/** The numeric value of an IPv4 or IPv6 address, for ordering as Python's ipaddress objects. */
function numeric(addr: string): bigint {
  if (isIPv4(addr)) return addr.split('.').reduce((acc, p) => (acc << 8n) + BigInt(Number(p)), 0n);
  const full = new URL(`http://[${addr.split('%')[0]}]/`).hostname.slice(1, -1);
  const [head, tail = ''] = full.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = full.includes('::') ? [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t] : h;
  return groups.reduce((acc, g) => (acc << 16n) + BigInt(Number.parseInt(g, 16)), 0n);
}

/** Distinct addresses of one family in numeric order, as Salt's `ip_addrs` returns them (`sorted(set(...))`). */
export function sortAddresses(addrs: string[]): string[] {
  return [...new Set(addrs)].sort((a, b) => {
    const x = numeric(a);
    const y = numeric(b);
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

/** True for a loopback address (127.0.0.0/8, ::1). */
export function isLoopback(addr: string): boolean {
  return isIPv4(addr) ? addr.startsWith('127.') : canonicalIPv6(addr) === '::1';
}
