/**
 * IP address arithmetic with the semantics of Python's `ipaddress`, which
 * Salt's network functions use: addresses sort by value (not as text),
 * `is_private` and `is_loopback` follow Python's tables, and a network
 * (`10.0.0.0/8`) is strict: host bits set make it invalid. Node's `net`
 * validates and its BlockList matches subnets, but it neither orders
 * addresses nor rejects a network with host bits, so the little that is
 * needed is here, on BigInt values.
 */
import { isIPv4, isIPv6 } from 'node:net';

/** An address as a number: 32 bits for IPv4, 128 for IPv6. */
export interface IpValue {
  version: 4 | 6;
  value: bigint;
}

/** An IP network: its first address and prefix length. */
export interface IpNetwork extends IpValue {
  prefixlen: number;
}

const BITS = { 4: 32, 6: 128 } as const;

/** The value of a dotted-quad IPv4 address (already validated). */
function v4Value(text: string): bigint {
  return text.split('.').reduce((acc, octet) => (acc << 8n) | BigInt(Number(octet)), 0n);
}

/** The value of an IPv6 address (already validated), an embedded IPv4 tail and `::` included. */
function v6Value(text: string): bigint {
  let t = text.split('%')[0];
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(t);
  if (tail) {
    const v = v4Value(tail[1]);
    t = `${t.slice(0, -tail[1].length)}${(v >> 16n).toString(16)}:${(v & 0xffffn).toString(16)}`;
  }
  const [head, rest] = t.split('::');
  const words = (s: string | undefined) => (s ? s.split(':') : []);
  const groups = rest === undefined ? words(head) : [...words(head), ...Array<string>(8 - words(head).length - words(rest).length).fill('0'), ...words(rest)];
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
}

/** Parse an address as Python's `ip_address`, or undefined when it is not one (an IPv6 zone, `%eth0`, is ignored). */
export function parseIp(text: string): IpValue | undefined {
  if (isIPv4(text)) return { version: 4, value: v4Value(text) };
  if (isIPv6(text.split('%')[0])) return { version: 6, value: v6Value(text) };
  return undefined;
}

/**
 * Parse a network as Python's `ip_network(text)` (strict): `addr/prefixlen`, `addr/netmask` for IPv4, or a
 * bare address (a host network).
 * @returns undefined for anything else, host bits set included (Python's "has host bits set")
 */
export function parseNetwork(text: string): IpNetwork | undefined {
  const [addr, mask, extra] = text.split('/');
  const ip = extra === undefined ? parseIp(addr) : undefined;
  if (!ip) return undefined;
  const bits = BITS[ip.version];
  let prefixlen: number;
  if (mask === undefined) prefixlen = bits;
  else if (/^\d{1,3}$/.test(mask)) prefixlen = Number(mask);
  else if (ip.version === 4 && isIPv4(mask)) {
    const m = v4Value(mask);
    prefixlen = Array.from({ length: 33 }, (_, p) => p).find((p) => maskOf(4, p) === m) ?? -1;
  } else return undefined;
  if (prefixlen < 0 || prefixlen > bits) return undefined;
  if ((ip.value & ~maskOf(ip.version, prefixlen) & ((1n << BigInt(bits)) - 1n)) !== 0n) return undefined;
  return { ...ip, prefixlen };
}

/** The netmask of a prefix length, as a number. */
function maskOf(version: 4 | 6, prefixlen: number): bigint {
  const bits = BigInt(BITS[version]);
  return ((1n << bits) - 1n) ^ ((1n << (bits - BigInt(prefixlen))) - 1n);
}

/** True when `ip` lies in `net` (of the same version). */
export function inNetwork(ip: IpValue, net: IpNetwork): boolean {
  return ip.version === net.version && (ip.value & maskOf(net.version, net.prefixlen)) === net.value;
}

/** Python's `ipaddress` private networks (3.10/3.11), by version. */
const PRIVATE: Record<4 | 6, IpNetwork[]> = {
  4: ['0.0.0.0/8', '10.0.0.0/8', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12', '192.0.0.0/29', '192.0.0.170/31', '192.0.2.0/24',
    '192.168.0.0/16', '198.18.0.0/15', '198.51.100.0/24', '203.0.113.0/24', '240.0.0.0/4', '255.255.255.255/32'].map(network),
  6: ['::1/128', '::/128', '::ffff:0:0/96', '100::/64', '2001::/23', '2001:2::/48', '2001:db8::/32', '2001:10::/28', 'fc00::/7', 'fe80::/10'].map(network),
};

/** A network from the tables above (known valid). */
function network(text: string): IpNetwork {
  const net = parseNetwork(text);
  if (!net) throw new Error(`bad built-in network ${text}`);
  return net;
}

/** Python's `ip_address(x).is_private`: in one of the private, reserved or documentation ranges. */
export function isPrivate(ip: IpValue): boolean {
  return PRIVATE[ip.version].some((net) => inNetwork(ip, net));
}

/** Python's `is_loopback`: 127.0.0.0/8 or ::1. */
export function isLoopback(ip: IpValue): boolean {
  return ip.version === 4 ? ip.value >> 24n === 127n : ip.value === 1n;
}

/** Order addresses as Python sorts `ip_address` objects: by version, then value. */
export function compareIp(a: IpValue, b: IpValue): number {
  if (a.version !== b.version) return a.version - b.version;
  return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
}

/**
 * The dotted netmask of an IPv4 prefix length, as Salt's `cidr_to_ipv4_netmask`:
 * `24` gives '255.255.255.0'; '' outside 1..32.
 */
export function cidrToIpv4Netmask(prefixlen: number): string {
  if (!Number.isInteger(prefixlen) || prefixlen < 1 || prefixlen > 32) return '';
  return formatIpv4(maskOf(4, prefixlen));
}

/** Dotted-quad text of an IPv4 value. */
function formatIpv4(value: bigint): string {
  return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 255n)).join('.');
}

/**
 * The network an IPv4 address with prefix (`192.0.2.7/24`, or a bare address for /32) belongs to, as Salt's
 * `convert_cidr` (Python's `ip_network(strict=False)`): `{network: '192.0.2.0', netmask: '255.255.255.0'}`.
 * @returns undefined when `text` is not an IPv4 address with an optional prefix length of 0..32
 */
export function ipv4Network(text: string): { network: string; netmask: string } | undefined {
  const [addr, prefix = '32', extra] = text.split('/');
  const ip = extra === undefined && isIPv4(addr) ? v4Value(addr) : undefined;
  if (ip === undefined || !/^\d{1,2}$/.test(prefix) || Number(prefix) > 32) return undefined;
  const mask = maskOf(4, Number(prefix));
  return { network: formatIpv4(ip & mask), netmask: formatIpv4(mask) };
}
