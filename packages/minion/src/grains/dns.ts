/**
 * Salt's `dns` grain: the resolver configuration as `salt.utils.dns.parse_resolv`
 * reads it, from /run/systemd/resolve/resolv.conf when systemd-resolved
 * writes one, else /etc/resolv.conf.
 */
import { isIP } from 'node:net';
import type { Grains } from '@brine/core/loader/define';
import { canonicalIPv6 } from './ip';
import { exists, readText } from './read';

/** The parsed resolver configuration, with Salt's keys. */
export interface ResolvConf {
  nameservers: string[];
  ip4_nameservers: string[];
  ip6_nameservers: string[];
  sortlist: string[];
  domain: string;
  search: string[];
  options: string[];
}

/** The dotted netmask of an IPv4 prefix length (24 → 255.255.255.0). */
function netmask(prefix: number): string {
  const n = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** The prefix length of a dotted IPv4 netmask, or undefined when it is not one. */
function prefixOf(mask: string): number | undefined {
  if (/^\d+$/.test(mask)) return Number(mask) <= 32 ? Number(mask) : undefined;
  if (isIP(mask) !== 4) return undefined;
  const n = mask.split('.').reduce((acc, p) => acc * 256 + Number(p), 0);
  const bits = n.toString(2).padStart(32, '0');
  return /^1*0*$/.test(bits) ? bits.indexOf('0') < 0 ? 32 : bits.indexOf('0') : undefined;
}

/**
 * A sortlist entry as Python's `ipaddress.ip_network(...).with_netmask`
 * ('130.155.160.0/255.255.240.0'); without a mask, the address's classful
 * (natural) mask. Undefined for what Python rejects (bad address, host bits set); IPv4 only.
 */
function sortlistEntry(raw: string): string | undefined {
  const [addr, mask] = raw.split('/');
  if (isIP(addr) !== 4) return undefined;
  const first = Number(addr.split('.')[0]);
  const prefix = mask === undefined ? (first < 128 ? 8 : first < 192 ? 16 : 24) : prefixOf(mask);
  if (prefix === undefined) return undefined;
  const n = addr.split('.').reduce((acc, p) => acc * 256 + Number(p), 0);
  const net = prefix === 0 ? 0 : Math.floor(n / 2 ** (32 - prefix)) * 2 ** (32 - prefix);
  if (mask !== undefined && net !== n) return undefined;
  const netAddr = [net >>> 24, (net >>> 16) & 255, (net >>> 8) & 255, net & 255].join('.');
  return `${netAddr}/${netmask(prefix)}`;
}

/**
 * Parse resolv.conf text as Salt: `nameserver` (each address once, split by
 * family, invalid ones skipped), `domain`, `search` (the last line wins),
 * `sortlist`, and `options` (the first word of each options line, once).
 * Words from '#' or ';' on are comments.
 */
export function parseResolv(text: string): ResolvConf {
  const r: ResolvConf = { nameservers: [], ip4_nameservers: [], ip6_nameservers: [], sortlist: [], domain: '', search: [], options: [] };
  const addOnce = (list: string[], v: string) => {
    if (!list.includes(v)) list.push(v);
  };
  for (const line of text.split('\n')) {
    const words = line.trim().split(/\s+/).filter(Boolean);
    if (words.length === 0) continue;
    const directive = words[0].toLowerCase();
    const arg: string[] = [];
    for (const w of words.slice(1)) {
      if (w[0] === '#' || w[0] === ';') break;
      arg.push(w);
    }
    if (directive === 'nameserver' && arg.length > 0) {
      const family = isIP(arg[0].split('%')[0]);
      if (family === 0) continue;
      const addr = family === 6 ? canonicalIPv6(arg[0]) : arg[0];
      addOnce(r.nameservers, addr);
      addOnce(family === 4 ? r.ip4_nameservers : r.ip6_nameservers, addr);
    } else if (directive === 'domain' && arg.length > 0) r.domain = arg[0];
    else if (directive === 'search') r.search = arg;
    else if (directive === 'sortlist') {
      for (const raw of arg) {
        const entry = sortlistEntry(raw);
        if (entry !== undefined) addOnce(r.sortlist, entry);
      }
    } else if (directive === 'options' && arg.length > 0) addOnce(r.options, arg[0]);
  }
  return r;
}

/** This host's `dns` grain; none when no resolver configuration can be read. */
export function dnsGrains(): Grains {
  const file = exists('/run/systemd/resolve/resolv.conf') ? '/run/systemd/resolve/resolv.conf' : '/etc/resolv.conf';
  const text = readText(file);
  return text === undefined ? {} : { dns: parseResolv(text) };
}
