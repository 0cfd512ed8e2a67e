/**
 * Salt 3006's network filters (salt/utils/network.py): is_ip, is_ipv4,
 * is_ipv6, ipv4, ipv6, ipaddr, ip_host, network_hosts, network_size,
 * ipwrap, filter_by_networks, gen_mac; `options` is a comma-separated list of address classes (private,
 * public/global, loopback/lo, multicast, link-local/ll, reserved,
 * site-local/sl, unspecified) an address must all belong to.
 */
import { PyError, isDict, isTuple, pyRepr, pyStr, typeName } from '../runtime/values';
import { iterate } from '../runtime/iterate';
import { defineFilter, p } from './define';
import { IP_CLASSES, ipAddress, ipInterface, ipText, networkHosts, networkSize, type IpValue } from '../../python-ipaddress';
import type { FilterFn } from './types';

/** Salt's option names and the class each tests ("global"/"public" is "not private", as Salt's). */
const OPTIONS: ReadonlyArray<[string, (ip: IpValue) => boolean]> = [
  ['global', (ip) => !IP_CLASSES.private!(ip)],
  ['link-local', IP_CLASSES.link_local!],
  ['linklocal', IP_CLASSES.link_local!],
  ['ll', IP_CLASSES.link_local!],
  ['link_local', IP_CLASSES.link_local!],
  ['loopback', IP_CLASSES.loopback!],
  ['lo', IP_CLASSES.loopback!],
  ['multicast', IP_CLASSES.multicast!],
  ['private', IP_CLASSES.private!],
  ['public', (ip) => !IP_CLASSES.private!(ip)],
  ['reserved', IP_CLASSES.reserved!],
  ['site-local', IP_CLASSES.site_local!],
  ['sl', IP_CLASSES.site_local!],
  ['site_local', IP_CLASSES.site_local!],
  ['unspecified', IP_CLASSES.unspecified!],
];

/**
 * Salt's _is_ipv: the address's (or interface's) text when `value` is one of
 * `version` and belongs to every class in `options`, else null.
 */
function isIpv(value: unknown, version: 4 | 6, options: unknown): string | null {
  const ip = ipAddress(value) ?? ipInterface(value);
  if (!ip || ip.version !== version) return null;
  if (options !== null && options !== undefined && options !== '' && options !== false) {
    const wanted = pyStr(options).split(',').map((o) => o.trim());
    if (OPTIONS.some(([name, test]) => wanted.includes(name) && !test(ip))) return null;
  }
  return ipText(ip);
}

/** Salt's _ipv_filter: a str gives its text or None; a list gives the texts of its matching items. */
function ipvFilter(value: unknown, version: 4 | 6, options: unknown): string | string[] | null {
  if (typeof value === 'string') return isIpv(value, version, options);
  if (Array.isArray(value)) return value.map((v) => isIpv(v, version, options)).filter((v): v is string => v !== null);
  return null;
}

/** Salt's ipaddr: either version; for a list, the IPv4 matches then the IPv6 ones. */
function ipaddr(value: unknown, options: unknown): string | string[] | null {
  const v4 = ipvFilter(value, 4, options);
  const v6 = ipvFilter(value, 6, options);
  if (v4 === null || v6 === null) return v4 ?? v6;
  return [...(v4 as string[]), ...(v6 as string[])];
}

/** Salt's _filter_ipaddr: the matching texts as a list, or null when none. */
function filtered(value: unknown, options: unknown, version: unknown): string[] | null {
  const out = version === 4 ? ipvFilter(value, 4, options) : version === 6 ? ipvFilter(value, 6, options) : version ? null : ipaddr(value, options);
  if (!out || (Array.isArray(out) && !out.length)) return null;
  return Array.isArray(out) ? out : [out];
}

/** The interface `text` names (Python's ip_interface / ip_network(strict=False)). */
function iface(text: string): IpValue {
  const ip = ipInterface(text);
  if (!ip) throw new PyError('ValueError', `${pyRepr(text)} does not appear to be an IPv4 or IPv6 interface`);
  return ip;
}

/** A filter over `_filter_ipaddr`'s result: one value for a str, a list for a list. */
function perEntry(fname: string, fn: (ip: IpValue) => unknown): FilterFn {
  return defineFilter(fname, [p('value'), p('options', null), p('version', null)], (_ctx, [value, options, version]) => {
    const out = filtered(value, options, version);
    if (!out) return null;
    if (!Array.isArray(value) && !isTuple(value)) return fn(iface(out[0] as string));
    return out.map((x) => fn(iface(x)));
  });
}

/** `ipwrap(data)`: IPv6 addresses in brackets (`[::1]`), anything else as is. */
function ipwrap(data: unknown): unknown {
  if (isIpv(data, 6, null) === null) return data;
  const ip = ipAddress(pyStr(data).replace(/^\[+/, '').replace(/\]+$/, ''));
  if (!ip) throw new PyError('ValueError', `${pyRepr(pyStr(data))} does not appear to be an IPv4 or IPv6 address`);
  return `[${ipText(ip)}]`;
}

/**
 * Python's strict `ip_network(text)`: an interface whose host bits are zero.
 * @throws PyError ValueError `10.0.0.1/24 has host bits set`, `'x' does not appear to be an IPv4 or IPv6 network`
 */
function strictNetwork(text: unknown): IpValue {
  const net = ipInterface(text);
  if (!net) throw new PyError('ValueError', `${pyRepr(text)} does not appear to be an IPv4 or IPv6 network`);
  if (networkSize(net) > 1n && net.value % networkSize(net) !== 0n) throw new PyError('ValueError', `${pyStr(text)} has host bits set`);
  return net;
}

/** Whether the address `ip` lies in the network `net`. */
function inNet(ip: IpValue, net: IpValue): boolean {
  const size = networkSize(net);
  return ip.version === net.version && ip.value / size === net.value / size;
}

/**
 * `filter_by_networks(values, networks)`: the addresses (of a list, or of
 * each interface of a dict) inside any of `networks`; `values` as is when
 * `networks` is None.
 * @throws PyError ValueError for a bad address or network, or `Do not know how to filter a <class 'int'>`
 */
const filterByNetworks = defineFilter('filter_by_networks', [p('values'), p('networks')], (_ctx, [values, networks]) => {
  if (networks === null || networks === undefined) return values;
  const nets = iterate(networks).map(strictNetwork);
  const keep = (ips: unknown) =>
    iterate(ips).flatMap((text) => {
      const ip = ipAddress(text);
      if (!ip) throw new PyError('ValueError', `${pyRepr(text)} does not appear to be an IPv4 or IPv6 address`);
      return nets.filter((net) => inNet(ip, net)).map(() => text);
    });
  if (isDict(values)) return new Map([...values].map(([k, v]) => [k, keep(v)]));
  if (typeof values === 'string' || Array.isArray(values)) return keep(values);
  throw new PyError('ValueError', `Do not know how to filter a <class '${typeName(values)}'>`);
});

/** `gen_mac(prefix='AC:DE:48')`: the prefix and three random octets, `AC:DE:48:0F:A2:7C`. */
const genMac = defineFilter('gen_mac', [p('prefix', 'AC:DE:48')], (_ctx, [prefix]) => {
  const octet = () => Math.floor(Math.random() * 256).toString(16).toUpperCase().padStart(2, '0');
  return `${pyStr(prefix)}:${octet()}:${octet()}:${octet()}`;
});

/** Salt's network filters, by name. */
export const SALT_NETWORK_FILTERS: ReadonlyArray<[string, FilterFn]> = [
  [
    'is_ip',
    defineFilter('is_ip_filter', [p('ip_addr'), p('options', null)], (_ctx, [ip, options]) => isIpv(ip, 4, options) !== null || isIpv(ip, 6, options) !== null),
  ],
  ['is_ipv4', defineFilter('is_ipv4_filter', [p('ip_addr'), p('options', null)], (_ctx, [ip, options]) => isIpv(ip, 4, options) !== null)],
  ['is_ipv6', defineFilter('is_ipv6_filter', [p('ip_addr'), p('options', null)], (_ctx, [ip, options]) => isIpv(ip, 6, options) !== null)],
  ['ipv4', defineFilter('ipv4', [p('value'), p('options', null)], (_ctx, [value, options]) => ipvFilter(value, 4, options))],
  ['ipv6', defineFilter('ipv6', [p('value'), p('options', null)], (_ctx, [value, options]) => ipvFilter(value, 6, options))],
  ['ipaddr', defineFilter('ipaddr', [p('value'), p('options', null)], (_ctx, [value, options]) => ipaddr(value, options))],
  ['ip_host', perEntry('ip_host', ipText)],
  ['network_hosts', perEntry('network_hosts', networkHosts)],
  ['network_size', perEntry('network_size', (ip) => Number(networkSize(ip)))],
  ['filter_by_networks', filterByNetworks],
  ['gen_mac', genMac],
  ['ipwrap', defineFilter('ipwrap', [p('data')], (_ctx, [data]) => (Array.isArray(data) ? data.map(ipwrap) : ipwrap(data)))],
];
