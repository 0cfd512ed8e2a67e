/**
 * The routing table as Salt's `network.routes` reports it on Linux without
 * netstat (`_ip_route_linux`): `ip -4 route show table main` and
 * `ip -6 route show table all`, each route turned into the netstat-like
 * `{addr_family, destination, gateway, netmask, flags, interface}`.
 * Pure, so grains (ip4_gw, ip6_gw) can use it on output they got themselves.
 */
import { ipv4Network } from './ip-address';

/** One route, in Salt's netstat-like shape. */
export interface Route {
  addr_family: 'inet' | 'inet6';
  /** '0.0.0.0' or '::/0' for a default route; the network otherwise ('192.0.2.0', 'fd00::/64'). */
  destination: string;
  /** The next hop; '0.0.0.0' or '::' for a directly connected network. */
  gateway: string;
  /** Dotted netmask for IPv4, '' for IPv6. */
  netmask: string;
  /** 'UG' for a default route, 'U' for any other. */
  flags: string;
  /** The device, or '' when the line names none where Salt looks. */
  interface: string;
}

/** IPv6 route types Salt leaves out (they are not unicast routes to a network). */
const SKIPPED6 = new Set(['unicast', 'broadcast', 'throw', 'unreachable', 'prohibit', 'blackhole', 'nat', 'anycast', 'multicast']);

/** The word after `dev` when it sits at `at` (Salt reads the device only from a fixed place), else ''. */
function devAt(comps: string[], at: number): string {
  return comps[at] === 'dev' ? comps[at + 1] ?? '' : '';
}

/**
 * Parse `ip -4 route show table main` output. Default routes become `0.0.0.0` via their gateway, flags UG;
 * others their network and netmask, gateway 0.0.0.0, flags U. Lines that start with a route type
 * (unreachable, blackhole, ...) are left out: Salt skips `unreachable` and fails on the others.
 */
export function parseIpRoute4(out: string): Route[] {
  const ret: Route[] = [];
  for (const line of out.split('\n')) {
    const comps = line.trim().split(/\s+/);
    if (comps[0] === 'default') {
      ret.push({ addr_family: 'inet', destination: '0.0.0.0', gateway: comps[2] ?? '', netmask: '0.0.0.0', flags: 'UG', interface: devAt(comps, 3) });
      continue;
    }
    const net = ipv4Network(comps[0]);
    if (net) ret.push({ addr_family: 'inet', destination: net.network, gateway: '0.0.0.0', netmask: net.netmask, flags: 'U', interface: devAt(comps, 1) });
  }
  return ret;
}

/**
 * Parse `ip -6 route show table all` output. Default routes become `::/0`, flags UG; `local` routes
 * `addr/128` via `::`; other networks keep their text (`fd00::/64`), via `::`, flags U.
 */
export function parseIpRoute6(out: string): Route[] {
  const ret: Route[] = [];
  for (const line of out.split('\n')) {
    const comps = line.trim().split(/\s+/);
    if (comps[0] === '' || SKIPPED6.has(comps[0])) continue;
    if (comps[0] === 'default') {
      ret.push({ addr_family: 'inet6', destination: '::/0', gateway: comps[2] ?? '', netmask: '', flags: 'UG', interface: devAt(comps, 3) });
    } else if (comps[0] === 'local') {
      ret.push({ addr_family: 'inet6', destination: `${comps[1]}/128`, gateway: '::', netmask: '', flags: 'U', interface: devAt(comps, 2) });
    } else {
      ret.push({ addr_family: 'inet6', destination: comps[0], gateway: '::', netmask: '', flags: 'U', interface: devAt(comps, 1) });
    }
  }
  return ret;
}
