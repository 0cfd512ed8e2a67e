/**
 * Address matching (Salt's `-S` / `S@`): a single address, or a network in
 * CIDR notation, against the minion's `ipv4` or `ipv6` grain (a list of
 * addresses). An address target matches a minion having that address; a
 * network matches a minion with any address inside it. Unlike Python's strict
 * ip_network, host bits set in a network (`10.0.0.5/24`) are ignored.
 */
import { BlockList, isIP } from 'node:net';
import { TargetError } from '../errors';
import type { TargetLeaf } from './tree';

/** A parsed `-S` target: the grain it reads and the addresses it covers. */
export interface CidrTarget {
  family: 'ipv4' | 'ipv6';
  block: BlockList;
}

/**
 * Parse `10.0.0.0/8`, `192.168.1.7`, `fe80::/10` or `::1`.
 * @throws TargetError for anything else, or a prefix longer than the address
 */
function parseCidr(tgt: string): CidrTarget {
  const m = /^([^/\s]+)(?:\/(\d{1,3}))?$/.exec(tgt);
  const version = m ? isIP(m[1]) : 0;
  const prefix = m?.[2] === undefined ? undefined : Number(m[2]);
  if (!m || !version || (prefix !== undefined && prefix > (version === 4 ? 32 : 128))) {
    throw new TargetError(`Invalid IP/CIDR target '${tgt}': expected an address or a network such as 10.0.0.0/8`);
  }
  const family = version === 4 ? 'ipv4' : 'ipv6';
  const block = new BlockList();
  if (prefix === undefined) block.addAddress(m[1], family);
  else block.addSubnet(m[1], prefix, family);
  return { family, block };
}

/** True when one of the addresses in `grains.ipv4` / `grains.ipv6` (a list or one string) is covered by `cidr`. */
function ipcidrMatch(cidr: CidrTarget, grains: Record<string, unknown>): boolean {
  const addrs = ([] as unknown[]).concat(grains[cidr.family] ?? []);
  return addrs.some((a) => typeof a === 'string' && cidr.block.check(a, cidr.family));
}

/**
 * The leaf for an `-S` target.
 * @throws TargetError for a malformed address or network
 */
export function ipcidrLeaf(tgt: string): TargetLeaf {
  const cidr = parseCidr(tgt);
  return { op: 'leaf', needsData: true, test: (me) => ipcidrMatch(cidr, me.grains) };
}
