/**
 * Salt's default gateway grains (`default_gateway` in salt/grains/core.py):
 * `ip4_gw` and `ip6_gw` are the first default route's gateway address, true
 * for a default route without a gateway, false without a default route;
 * `ip_gw` is true when either family has one. Salt reads `ip -4/-6 route
 * show`; brine reads the same main-table routes from /proc/net/route and
 * /proc/net/ipv6_route, without running `ip`.
 */
import type { Grains } from '@brine/core/loader/define';
import { hexIPv4, hexIPv6 } from './ip';
import { readText } from './read';

/** Route flags of the kernel (linux/route.h). */
const RTF_UP = 0x1;
const RTF_REJECT = 0x200;

/** The gateway of the first usable default route in /proc/net/route text: its address, true without one, false when none. */
export function ipv4Gateway(text: string | undefined): string | boolean {
  for (const line of (text ?? '').split('\n').slice(1)) {
    const [, dest, gw, flags, , , , mask] = line.trim().split(/\s+/);
    if (dest !== '00000000' || mask !== '00000000') continue;
    const f = Number.parseInt(flags, 16);
    if (!(f & RTF_UP) || f & RTF_REJECT) continue;
    return gw === '00000000' ? true : hexIPv4(gw);
  }
  return false;
}

/** The gateway of the first usable default route in /proc/net/ipv6_route text (as ipv4Gateway). */
export function ipv6Gateway(text: string | undefined): string | boolean {
  for (const line of (text ?? '').split('\n')) {
    const [dest, plen, , , nexthop, , , , flags] = line.trim().split(/\s+/);
    if (!dest || !/^0+$/.test(dest) || plen !== '00') continue;
    const f = Number.parseInt(flags, 16);
    if (!(f & RTF_UP) || f & RTF_REJECT) continue;
    return /^0+$/.test(nexthop) ? true : hexIPv6(nexthop);
  }
  return false;
}

/** Salt's `ip_gw`, `ip4_gw`, `ip6_gw` from route table texts. */
export function gatewayGrains(route: string | undefined, ipv6Route: string | undefined): Grains {
  const ip4 = ipv4Gateway(route);
  const ip6 = ipv6Gateway(ipv6Route);
  return { ip_gw: ip4 !== false || ip6 !== false, ip4_gw: ip4, ip6_gw: ip6 };
}

/** This host's gateway grains. */
export function hostGateways(): Grains {
  return gatewayGrains(readText('/proc/net/route'), readText('/proc/net/ipv6_route'));
}
