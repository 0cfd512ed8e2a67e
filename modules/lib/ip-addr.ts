/**
 * The interfaces of a Linux host as Salt describes them
 * (`salt.utils.network.linux_interfaces`): the output of `ip link show`
 * followed by `ip addr show`, parsed as Salt's `_interfaces_ip` does, into
 * `{name: {up, hwaddr, inet: [...], inet6: [...], secondary: [...]}}`.
 * The parser is pure, so grains can use it on output they got themselves.
 */
import { cidrToIpv4Netmask } from './ip-address';

/** One IPv4 address of an interface. */
export interface Inet {
  address: string;
  /** Dotted netmask ('255.255.255.0'). */
  netmask: string;
  /** The broadcast address, or null when `ip` shows none (loopback). */
  broadcast: string | null;
  /** The address's label: the last word of its line (the interface name, or an alias such as eth0:1). */
  label: string;
}

/** One IPv6 address of an interface. */
export interface Inet6 {
  address: string;
  /** The prefix length as `ip` prints it ('64'), or 32 when it printed none (as Salt). */
  prefixlen: string | number;
  /** 'global', 'link', 'host', or null when `ip` shows none. */
  scope: string | null;
}

/** An address `ip` marks `secondary`, kept apart as Salt does. */
export interface SecondaryAddress {
  type: 'inet' | 'inet6';
  address: string;
  /** Dotted netmask for inet, the prefix length for inet6. */
  netmask: string | number;
  broadcast: string | null;
  label: string;
}

/** One interface. Keys appear in Salt's order. */
export interface InterfaceInfo {
  /** True when the interface's flags include UP. */
  up: boolean;
  /** The link an interface sits on (`eth0.10@eth0`: 'eth0'). */
  parent?: string;
  /** The link-layer address (`link/ether`, `link/loopback`...). */
  hwaddr?: string;
  inet?: Inet[];
  inet6?: Inet6[];
  secondary?: SecondaryAddress[];
}

/** Interfaces by name, in the order `ip` lists them. */
export type Interfaces = Record<string, InterfaceInfo>;

const HEADER = /^\d*:\s+([\w.-]+)(?:@)?([\w.-]+)?:\s+<(.+)>/;

/** Address, netmask (or prefix length), broadcast and scope of one `inet`/`inet6` line, as Salt's parse_network. */
function parseNetwork(type: string, value: string, cols: string[]): { ip: string; mask: string | number; brd: string | null; scope: string | null } {
  const [ip, cidr] = value.includes('/') ? value.split('/') : [value, undefined];
  const after = (word: string) => (cols.includes(word) ? cols[cols.indexOf(word) + 1] ?? null : null);
  if (type === 'inet') return { ip, mask: cidrToIpv4Netmask(Number(cidr ?? 32)), brd: after('brd'), scope: null };
  return { ip, mask: cidr ?? 32, brd: null, scope: after('scope') };
}

/**
 * Parse `ip link show` and `ip addr show` output (joined by a newline), as Salt's `_interfaces_ip`: each
 * interface block gives `up` (UP among its flags), `parent`, `hwaddr` (the `link/...` line), `inet` and
 * `inet6` addresses, and `secondary` ones. A later block for the same name replaces the earlier one, so
 * the `ip addr` block, which holds the addresses, wins.
 */
export function parseIpAddr(out: string): Interfaces {
  const ret: Interfaces = {};
  for (const group of out.split(/\r?\n\d/)) {
    let iface: string | undefined;
    const data: InterfaceInfo = { up: false };
    for (const line of group.split(/\r?\n/)) {
      if (!line.includes(' ')) continue;
      const header = HEADER.exec(line);
      if (header) {
        iface = header[1];
        data.up = header[3].split(',').includes('UP');
        if (header[2]) data.parent = header[2];
        continue;
      }
      const cols = line.trim().split(/\s+/);
      if (cols.length < 2) continue;
      const [type, value] = cols;
      const label = cols[cols.length - 1];
      if (type === 'inet' || type === 'inet6') {
        const { ip, mask, brd, scope } = parseNetwork(type, value, cols);
        if (cols.includes('secondary')) {
          (data.secondary ??= []).push({ type, address: ip, netmask: mask, broadcast: brd, label });
        } else if (type === 'inet') {
          (data.inet ??= []).push({ address: ip, netmask: String(mask), broadcast: brd, label });
        } else {
          (data.inet6 ??= []).push({ address: ip, prefixlen: mask, scope });
        }
      } else if (type.startsWith('link')) {
        data.hwaddr = value;
      }
    }
    if (iface !== undefined) ret[iface] = data;
  }
  return ret;
}
