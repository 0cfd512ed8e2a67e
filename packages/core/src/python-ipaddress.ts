/**
 * Python 3.11's `ipaddress` as Salt uses it (the network filters, the
 * network module, the ipv4/ipv6 grains): parsing an address, an interface
 * (`addr/prefix`, `addr/netmask`) or a strict network, the canonical text
 * (IPv6 compressed as Python writes it), ordering, the address classes
 * (is_private, is_loopback...) and a network's hosts, size and netmask.
 */

/** An IPv4 or IPv6 address, or an interface when `prefix` is set. */
export interface IpValue {
  readonly version: 4 | 6;
  readonly value: bigint;
  /** The IPv6 scope id after `%`, if any. */
  readonly scope?: string;
  /** The prefix length of an interface. */
  readonly prefix?: number;
}

/** The bit width of each version. */
function bits(version: 4 | 6): number {
  return version === 4 ? 32 : 128;
}

/** An IPv4 address's value: four decimal octets, no leading zeros (Python refuses them). */
function parseV4(text: string): bigint | null {
  const octets = text.split('.');
  if (octets.length !== 4) return null;
  let value = 0n;
  for (const octet of octets) {
    if (!/^[0-9]{1,3}$/.test(octet) || (octet.length > 1 && octet[0] === '0') || Number(octet) > 255) return null;
    value = (value << 8n) | BigInt(octet);
  }
  return value;
}

/** The hextets of one side of an IPv6 address (an IPv4 tail gives two), or null. */
function hextets(side: string, last: boolean): bigint[] | null {
  if (side === '') return [];
  const groups = side.split(':');
  const out: bigint[] = [];
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i] as string;
    if (last && i === groups.length - 1 && g.includes('.')) {
      const v4 = parseV4(g);
      if (v4 === null) return null;
      out.push(v4 >> 16n, v4 & 0xffffn);
    } else if (/^[0-9a-fA-F]{1,4}$/.test(g)) out.push(BigInt(`0x${g}`));
    else return null;
  }
  return out;
}

/** An IPv6 address's value and scope id, or null. */
function parseV6(text: string): { value: bigint; scope?: string } | null {
  const [addr = '', scope, ...more] = text.split('%');
  if (more.length || scope === '') return null;
  const halves = addr.split('::');
  if (halves.length > 2) return null;
  const head = hextets(halves[0] as string, halves.length === 1);
  const tail = halves.length === 2 ? hextets(halves[1] as string, true) : [];
  if (!head || !tail) return null;
  const total = head.length + tail.length;
  if (halves.length === 2 ? total > 7 : total !== 8) return null;
  const groups = [...head, ...Array<bigint>(8 - total).fill(0n), ...tail];
  const value = groups.reduce((acc, g) => (acc << 16n) | g, 0n);
  return scope === undefined ? { value } : { value, scope };
}

/** Python's `ipaddress.ip_address(x)` (a str, or an int), or null where Python raises ValueError. */
export function ipAddress(x: unknown): IpValue | null {
  if (typeof x === 'number' && Number.isInteger(x) && x >= 0) {
    const value = BigInt(x);
    return { version: value < 2n ** 32n ? 4 : 6, value };
  }
  if (typeof x !== 'string') return null;
  const v4 = parseV4(x);
  if (v4 !== null) return { version: 4, value: v4 };
  const v6 = parseV6(x);
  return v6 ? { version: 6, ...v6 } : null;
}

/** A netmask's prefix length (`255.255.255.0` → 24, or a hostmask `0.0.0.255` → 24), or null. */
function maskPrefix(mask: bigint): number | null {
  for (let len = 0; len <= 32; len++) {
    const net = len === 0 ? 0n : ((1n << BigInt(len)) - 1n) << BigInt(32 - len);
    if (mask === net || mask === (~net & 0xffffffffn)) return len;
  }
  return null;
}

/** Python's `ipaddress.ip_interface(x)`: `addr`, `addr/len` or (IPv4) `addr/netmask`; null where Python raises ValueError. */
export function ipInterface(x: unknown): IpValue | null {
  if (typeof x !== 'string') {
    const ip = ipAddress(x);
    return ip && { ...ip, prefix: bits(ip.version) };
  }
  const [addr = '', len, ...more] = x.split('/');
  if (more.length) return null;
  const ip = ipAddress(addr);
  if (!ip) return null;
  if (len === undefined) return { ...ip, prefix: bits(ip.version) };
  if (/^[0-9]+$/.test(len)) {
    const prefix = Number(len);
    return prefix <= bits(ip.version) ? { ...ip, prefix } : null;
  }
  const mask = ip.version === 4 ? parseV4(len) : null;
  const prefix = mask === null ? null : maskPrefix(mask);
  return prefix === null ? null : { ...ip, prefix };
}

/** Python's compressed IPv6 text: lowercase, the first longest run of two or more zero hextets as `::`. */
function v6Text(value: bigint): string {
  const groups = Array.from({ length: 8 }, (_x, i) => Number((value >> BigInt(16 * (7 - i))) & 0xffffn));
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i > 1) [best, bestLen] = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

/** Python's str() of an address (`fe80::1%eth0`) or interface (`10.0.0.1/24`). */
export function ipText(ip: IpValue): string {
  const addr =
    ip.version === 4
      ? [24n, 16n, 8n, 0n].map((s) => String((ip.value >> s) & 0xffn)).join('.')
      : v6Text(ip.value) + (ip.scope === undefined ? '' : `%${ip.scope}`);
  return ip.prefix === undefined ? addr : `${addr}/${ip.prefix}`;
}

/**
 * Python's `ip_network(text)` (strict): an interface whose host bits are all zero, as an IpValue with its prefix;
 * null where Python raises ValueError (`has host bits set` included).
 */
export function ipNetwork(text: string): IpValue | null {
  const net = ipInterface(text);
  if (!net || net.scope !== undefined) return null;
  return net.value === network(net).base ? net : null;
}

/** Whether `ip` lies in the network `net` (an IpValue with a prefix) of the same version: Python's `ip in net`. */
export function inNetwork(ip: IpValue, net: IpValue): boolean {
  if (net.version !== ip.version) return false;
  const shift = BigInt(bits(ip.version) - (net.prefix ?? bits(ip.version)));
  return ip.value >> shift === net.value >> shift;
}

/** Order addresses as Python sorts `ip_address` objects: by version, then value. */
export function compareIp(a: IpValue, b: IpValue): number {
  if (a.version !== b.version) return a.version - b.version;
  return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
}

/** Networks of Python's tables (known valid). */
function networks(...texts: string[]): IpValue[] {
  return texts.map((t) => ipNetwork(t) as IpValue);
}

/** Whether `ip` lies in one of `nets`. */
function inAny(ip: IpValue, nets: readonly IpValue[]): boolean {
  return nets.some((n) => inNetwork(ip, n));
}

/** Python 3.11's `_private_networks` and IPv6 `_reserved_networks`. */
const V4_PRIVATE = networks('0.0.0.0/8', '10.0.0.0/8', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12', '192.0.0.0/29', '192.0.0.170/31', '192.0.2.0/24', '192.168.0.0/16', '198.18.0.0/15', '198.51.100.0/24', '203.0.113.0/24', '240.0.0.0/4', '255.255.255.255/32');
const V6_PRIVATE = networks('::1/128', '::/128', '::ffff:0:0/96', '100::/64', '2001::/23', '2001:2::/48', '2001:db8::/32', '2001:10::/28', 'fc00::/7', 'fe80::/10');
const V6_RESERVED = networks('::/8', '100::/8', '200::/7', '400::/6', '800::/5', '1000::/4', '4000::/3', '6000::/3', '8000::/3', 'a000::/3', 'c000::/3', 'e000::/4', 'f000::/5', 'f800::/6', 'fe00::/9');
/** The single networks the other classes test. */
const [V4_MULTICAST, V6_MULTICAST, V4_LOOPBACK, V4_LINK_LOCAL, V6_LINK_LOCAL, V4_RESERVED, V6_SITE_LOCAL] = networks('224.0.0.0/4', 'ff00::/8', '127.0.0.0/8', '169.254.0.0/16', 'fe80::/10', '240.0.0.0/4', 'fec0::/10') as [IpValue, IpValue, IpValue, IpValue, IpValue, IpValue, IpValue];

/** Python's `is_private`: in one of the private, reserved or documentation ranges. */
export function isPrivate(ip: IpValue): boolean {
  return inAny(ip, ip.version === 4 ? V4_PRIVATE : V6_PRIVATE);
}

/** Python's `is_loopback`: in 127.0.0.0/8, or `::1` (an IPv6 interface only as `::1/128`). */
export function isLoopback(ip: IpValue): boolean {
  return ip.version === 4 ? inNetwork(ip, V4_LOOPBACK) : ip.value === 1n && (ip.prefix === undefined || ip.prefix === 128);
}

/** The address classes Salt's filter options test, as Python's properties. */
export const IP_CLASSES: Readonly<Record<string, (ip: IpValue) => boolean>> = {
  private: isPrivate,
  multicast: (ip) => inNetwork(ip, ip.version === 4 ? V4_MULTICAST : V6_MULTICAST),
  loopback: isLoopback,
  link_local: (ip) => inNetwork(ip, ip.version === 4 ? V4_LINK_LOCAL : V6_LINK_LOCAL),
  reserved: (ip) => (ip.version === 4 ? inNetwork(ip, V4_RESERVED) : inAny(ip, V6_RESERVED)),
  unspecified: (ip) => ip.value === 0n && (ip.version === 4 || ip.prefix === undefined || ip.prefix === 128),
  site_local: (ip) => ip.version === 6 && inNetwork(ip, V6_SITE_LOCAL),
};

/** `ip_network(ip, strict=False)`: the network address, size and prefix of an interface. */
function network(ip: IpValue): { base: bigint; size: bigint; width: number; prefix: number } {
  const width = bits(ip.version);
  const prefix = ip.prefix ?? width;
  const size = 1n << BigInt(width - prefix);
  return { base: (ip.value / size) * size, size, width, prefix };
}

/** `ip_network(ip, strict=False)`'s network address and netmask, as addresses (`10.0.0.0`, `255.0.0.0`). */
export function networkAndMask(ip: IpValue): { network: IpValue; netmask: IpValue } {
  const { base, size, width } = network(ip);
  const all = (1n << BigInt(width)) - 1n;
  return { network: { version: ip.version, value: base }, netmask: { version: ip.version, value: all ^ (size - 1n) } };
}

/** `ip_network(ip, strict=False).num_addresses`. */
export function networkSize(ip: IpValue): bigint {
  return network(ip).size;
}

/**
 * `ip_network(ip, strict=False).hosts()` as text: IPv4 without the network
 * and broadcast addresses (all of a /31, the one of a /32); IPv6 without the
 * network address (all of a /127, the one of a /128).
 */
export function networkHosts(ip: IpValue): string[] {
  const { base, size, width, prefix } = network(ip);
  let first = base + 1n;
  let last = ip.version === 4 ? base + size - 2n : base + size - 1n;
  if (prefix >= width - 1) [first, last] = [base, base + size - 1n];
  const out: string[] = [];
  for (let v = first; v <= last; v++) out.push(ipText({ version: ip.version, value: v }));
  return out;
}
