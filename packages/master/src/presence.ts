/**
 * Presence detection, as Salt's CkMinions.connected_ids: a minion is present
 * when an established TCP connection to the master's publish port comes from
 * one of the addresses in its cached ipv4/ipv6 grains. Read from the kernel's
 * /proc/net/tcp tables; nothing is sent to any minion. As in Salt, minions
 * behind one address (NAT, or all on one host) are present together.
 */
import fs from 'node:fs';
import type { MinionData } from './minion-data';

/** /proc/net/tcp state code of an established connection. */
const ESTABLISHED = '01';

/** An IPv4 address from /proc's little-endian hex. */
function ipv4(hex: string): string {
  return [6, 4, 2, 0].map((i) => parseInt(hex.slice(i, i + 2), 16)).join('.');
}

/** An address in the canonical text form the grains use (`::1`, `fe80::1`), via the WHATWG URL parser. */
function canonical(ip: string): string {
  return ip.includes(':') ? new URL(`http://[${ip}]`).hostname.slice(1, -1) : ip;
}

/** An IPv6 address from /proc's hex (four little-endian 32-bit words), or the IPv4 it maps. */
function ipv6(hex: string): string {
  const words = [0, 8, 16, 24].map((i) => hex.slice(i, i + 8).match(/../g)!.reverse().join(''));
  const full = words.join('');
  if (full.startsWith('00000000000000000000ffff')) return ipv4(hex.slice(24, 32));
  return canonical(full.match(/.{4}/g)!.join(':'));
}

/**
 * Remote addresses with an established connection to local `port`, in canonical form.
 * @returns addresses in text form (IPv4-mapped IPv6 given as IPv4)
 */
function connectedAddresses(port: number): Set<string> {
  const out = new Set<string>();
  for (const [file, parse] of [['/proc/net/tcp', ipv4], ['/proc/net/tcp6', ipv6]] as const) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const [, local, remote, state] = line.trim().split(/\s+/);
      if (!local || state !== ESTABLISHED) continue;
      const [, localPort] = local.split(':');
      if (parseInt(localPort, 16) !== port) continue;
      out.add(parse(remote.split(':')[0]));
    }
  }
  return out;
}

/** The accepted minions whose cached addresses have a connection to the publish port, sorted. */
export function presentMinions(accepted: string[], data: MinionData, publishPort: number): string[] {
  const addresses = connectedAddresses(publishPort);
  return accepted.filter((id) => {
    const g = data.grains(id);
    const ips = [...(Array.isArray(g?.ipv4) ? g.ipv4 : []), ...(Array.isArray(g?.ipv6) ? g.ipv6 : [])].map((ip) => canonical(String(ip)));
    return ips.some((ip) => addresses.has(ip));
  });
}
