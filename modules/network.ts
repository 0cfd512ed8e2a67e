/**
 * Salt's `network` execution module on Linux: the host's interfaces and
 * addresses (from iproute2's `ip`), its default routes, open sockets (`ss`),
 * and reachability checks (ping, a TCP or UDP connect).
 */
import dgram from 'node:dgram';
import dns from 'node:dns/promises';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import os from 'node:os';
import { CommandExecutionError, SaltInvocationError } from '@brine/core/errors';
import { defineFunction, defineModule, type ExecContext } from '@brine/core/loader/define';
import { globMatch } from '@brine/core/matchers/glob';
import { mustRunArgv } from './lib/argv';
import { compareIp, inNetwork, ipAddress, ipNetwork, isLoopback, isPrivate, type IpValue } from '@brine/core/python-ipaddress';
import { parseIpAddr, type Interfaces } from './lib/ip-addr';
import { parseIpRoute4, parseIpRoute6, type Route } from './lib/ip-route';
import { parseSs } from './lib/ss';

/**
 * Every interface, as Salt's `linux_interfaces`: `ip link show` then `ip addr show`, parsed together.
 * @throws CommandExecutionError when `ip` cannot run (brine reads interfaces only through iproute2)
 */
export async function interfaces(ctx: ExecContext): Promise<Interfaces> {
  const link = await mustRunArgv(ctx, ['ip', 'link', 'show']);
  const addr = await mustRunArgv(ctx, ['ip', 'addr', 'show']);
  return parseIpAddr(`${link}\n${addr}`);
}

/** Salt's `split_input`: a list as it is, a string split on commas, each item trimmed. */
function splitInput(value: unknown): string[] {
  const items = Array.isArray(value) ? value : String(value).split(',');
  return items.map((v) => String(v).trim());
}

/** An address of an interface: its value, and its text as `ip` printed it (the compressed form Python prints). */
interface Address {
  ip: IpValue;
  text: string;
}

/**
 * The addresses of family `proto` on the interfaces matching `interface` (names or fnmatch globs, a list or
 * a comma-separated string; all when undefined), secondary ones included, loopback only when asked; sorted
 * by value and without duplicates, as Salt's `_ip_addrs`.
 */
async function ipAddrs(ctx: ExecContext, proto: 'inet' | 'inet6', iface: unknown, includeLoopback: boolean): Promise<Address[]> {
  const all = await interfaces(ctx);
  const patterns = iface === undefined || iface === null ? undefined : splitInput(iface);
  const texts = Object.entries(all)
    .filter(([name]) => !patterns || patterns.some((p) => globMatch(p, name)))
    .flatMap(([, info]) => [...(info[proto] ?? []).map((a) => a.address), ...(info.secondary ?? []).filter((a) => a.type === proto).map((a) => a.address)]);
  const seen = new Map<string, Address>();
  for (const text of texts) {
    const ip = ipAddress(text);
    const key = `${ip?.version}:${ip?.value}`;
    if (ip && (includeLoopback || !isLoopback(ip)) && !seen.has(key)) seen.set(key, { ip, text });
  }
  return [...seen.values()].sort((a, b) => compareIp(a.ip, b.ip));
}

/**
 * The addresses inside `cidr`, as Salt's `in_subnet`: a network with host bits set, or that is not one,
 * matches nothing (Salt logs "Invalid CIDR").
 */
function inCidr(ctx: ExecContext, addrs: Address[], cidr: string): Address[] {
  const network = ipNetwork(cidr);
  if (!network) {
    ctx.log.error(`Invalid CIDR '${cidr}'`);
    return [];
  }
  return addrs.filter((a) => inNetwork(a.ip, network));
}

/** Salt's `sanitize_host`: keep letters, digits, '.', '-' and '_' of the first 255 characters. */
function sanitizeHost(host: string): string {
  return host.slice(0, 255).replace(/[^A-Za-z0-9._-]/g, '');
}

/** The address families `default_route` and `routes` accept. */
function checkFamily(family: string | undefined): 'inet' | 'inet6' | undefined {
  if (family === undefined || family === 'inet' || family === 'inet6') return family;
  throw new CommandExecutionError(`Invalid address family ${family}`);
}

/** Routes from `ip -4 route show table main` and `ip -6 route show table all` (Salt's `_ip_route_linux`). */
async function routes(ctx: ExecContext): Promise<Route[]> {
  return [...parseIpRoute4(await mustRunArgv(ctx, ['ip', '-4', 'route', 'show', 'table', 'main'])),
    ...parseIpRoute6(await mustRunArgv(ctx, ['ip', '-6', 'route', 'show', 'table', 'all']))];
}

/** The outcome of {@link connect}, as Salt's `network.connect`. */
interface ConnectResult {
  result: boolean;
  comment: string;
}

/** Open a TCP connection to `address`:`port` within `timeoutMs`, then close it. @throws on failure or timeout */
function tcpConnect(address: string, port: number, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const sock = net.connect({ host: address, port, timeout: timeoutMs });
    sock.once('connect', () => {
      sock.destroy();
      resolve();
    });
    sock.once('timeout', () => {
      sock.destroy();
      reject(new Error('timed out'));
    });
    sock.once('error', reject);
  });
}

/** Send a datagram to `address`:`port` and wait `timeoutMs` for any answer, as Salt's UDP check. @throws when none comes */
function udpExchange(address: string, family: 4 | 6, port: number, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const sock = dgram.createSocket(family === 6 ? 'udp6' : 'udp4');
    const timer = setTimeout(() => done(new Error('timed out')), timeoutMs);
    const done = (err?: Error) => {
      clearTimeout(timer);
      sock.close();
      if (err) reject(err);
      else resolve();
    };
    sock.once('message', () => done());
    sock.once('error', done);
    sock.send(randomBytes(16).toString('hex'), port, address);
  });
}

/** Salt's network.connect, after its argument checks. */
async function connect(host: string, port: number, proto: string, timeout: number, family: string | undefined): Promise<ConnectResult> {
  const useProto = proto === 'udp' ? 'udp' : 'tcp';
  const address = net.isIP(host) ? host : sanitizeHost(host);
  let resolved: { address: string; family: number };
  try {
    resolved = await dns.lookup(address, { family: family === 'ipv4' ? 4 : family === 'ipv6' ? 6 : 0 });
  } catch {
    return { result: false, comment: `Unable to resolve host ${host} on ${useProto} port ${port}` };
  }
  try {
    if (useProto === 'udp') await udpExchange(resolved.address, resolved.family === 6 ? 6 : 4, port, timeout * 1000);
    else await tcpConnect(resolved.address, port, timeout * 1000);
  } catch {
    return { result: false, comment: `Unable to connect to ${host} (${resolved.address}) on ${useProto} port ${port}` };
  }
  return { result: true, comment: `Successfully connected to ${host} (${resolved.address}) on ${useProto} port ${port}` };
}

const INTERFACE_ARG = {
  name: 'interface',
  type: 'any',
  doc: "Only these interfaces: a name, a glob ('eth*'), or several as a list or comma-separated ('eth0,docker*'). Default: all.",
} as const;
const LOOPBACK_ARG = { name: 'include_loopback', type: 'boolean', default: false, doc: 'Include loopback addresses (127.0.0.0/8, ::1).' } as const;

export default defineModule({
  name: 'network',
  doc: "The minion's interfaces, addresses, default routes and open sockets, and reachability checks (ping, connect), as Salt's network module on Linux.",
  functions: {
    interfaces: defineFunction({
      doc:
        'Return every interface as `{name: {hwaddr, up, inet: [{address, broadcast, label, netmask}],\n' +
        'inet6: [{address, prefixlen, scope}], secondary: [...]}}`, read from `ip link show` and\n' +
        '`ip addr show` as Salt does. `broadcast` is None when the address has none; interfaces without\n' +
        'addresses have only `hwaddr` and `up`. Raises CommandExecutionError when `ip` (iproute2) cannot run.',
      example: "salt '*' network.interfaces",
      args: [],
      run: (ctx) => interfaces(ctx),
    }),
    ip_addrs: defineFunction({
      doc:
        "Return the minion's IPv4 addresses, sorted, without duplicates: 127.0.0.1 only with\n" +
        "include_loopback=True, only those of `interface` when given, only those inside `cidr` when given\n" +
        "(an invalid network matches none), else only public or private ones with type='public' or\n" +
        "type='private' (private as Python's ipaddress: RFC 1918, documentation and reserved ranges).",
      example: "salt '*' network.ip_addrs interface=eth0 cidr=192.0.2.0/24",
      args: [
        INTERFACE_ARG,
        LOOPBACK_ARG,
        { name: 'cidr', type: 'string', doc: "Only addresses inside this network, e.g. '10.0.0.0/8'." },
        { name: 'type', type: 'string', doc: "'public' or 'private': only those addresses (ignored when cidr is given)." },
      ],
      async run(ctx, { interface: iface, include_loopback, cidr, type }) {
        let addrs = await ipAddrs(ctx, 'inet', iface, include_loopback);
        if (cidr) addrs = inCidr(ctx, addrs, cidr);
        else if (type === 'public') addrs = addrs.filter((a) => !isPrivate(a.ip));
        else if (type === 'private') addrs = addrs.filter((a) => isPrivate(a.ip));
        return addrs.map((a) => a.text);
      },
    }),
    ip_addrs6: defineFunction({
      doc:
        "Return the minion's IPv6 addresses, sorted, without duplicates: ::1 only with include_loopback=True,\n" +
        'only those of `interface` when given, only those inside `cidr` when given (an invalid network matches none).',
      example: "salt '*' network.ip_addrs6 cidr=2000::/3",
      args: [INTERFACE_ARG, LOOPBACK_ARG, { name: 'cidr', type: 'string', doc: "Only addresses inside this network, e.g. 'fd00::/8'." }],
      async run(ctx, { interface: iface, include_loopback, cidr }) {
        let addrs = await ipAddrs(ctx, 'inet6', iface, include_loopback);
        if (cidr) addrs = inCidr(ctx, addrs, cidr);
        return addrs.map((a) => a.text);
      },
    }),
    hw_addr: defineFunction({
      doc:
        "Return the hardware (MAC) address of interface `iface`, e.g. '02:fc:00:00:00:01' ('' when it has none).\n" +
        'For an unknown interface, returns (not raises) Salt\'s message:\n' +
        '`Interface "x" not in available interfaces: "eth0", "lo"`.',
      example: "salt '*' network.hw_addr eth0",
      args: [{ name: 'iface', type: 'string', required: true, doc: 'The interface name.' }],
      async run(ctx, { iface }) {
        const all = await interfaces(ctx);
        if (!Object.hasOwn(all, iface)) {
          const message = `Interface "${iface}" not in available interfaces: "${Object.keys(all).join('", "')}"`;
          ctx.log.error(message);
          return message;
        }
        return all[iface].hwaddr ?? '';
      },
    }),
    default_route: defineFunction({
      doc:
        'Return the default routes as a list of `{addr_family, destination, gateway, netmask, flags, interface}`\n' +
        "(destination '0.0.0.0' for IPv4, '::/0' for IPv6; flags 'UG'), from `ip route` as Salt reads it when\n" +
        "netstat is absent. `family` ('inet' or 'inet6') keeps one family; any other value raises\n" +
        'CommandExecutionError "Invalid address family x".',
      example: "salt '*' network.default_route inet",
      args: [{ name: 'family', type: 'string', doc: "'inet' or 'inet6'. Default: both." }],
      async run(ctx, { family }) {
        const fam = checkFamily(family);
        const defaults = { inet: ['0.0.0.0', 'default'], inet6: ['::/0', 'default'] };
        const wanted = fam ? defaults[fam] : [...defaults.inet, ...defaults.inet6];
        return (await routes(ctx)).filter((r) => (!fam || r.addr_family === fam) && wanted.includes(r.destination));
      },
    }),
    ping: defineFunction({
      doc:
        "Run `ping -c 4 host` (with `-W timeout` when given) through cmd.run and return its output; a failing\n" +
        "ping sets the job's retcode, as cmd.run does. With return_boolean=True, return True when ping exits 0,\n" +
        'else False. The host keeps only letters, digits and . - _ (Salt\'s sanitize_host); raises\n' +
        'SaltInvocationError when nothing is left, CommandExecutionError when ping is not installed.',
      example: "salt '*' network.ping archlinux.org timeout=3",
      args: [
        { name: 'host', type: 'string', required: true, doc: 'Host name or IPv4 address to ping.' },
        { name: 'timeout', type: 'number', doc: 'Seconds to wait for each reply (ping -W).' },
        { name: 'return_boolean', type: 'boolean', default: false, doc: "Return True or False instead of ping's output." },
      ],
      async run(ctx, { host, timeout, return_boolean }) {
        const target = sanitizeHost(host);
        if (!target) throw new SaltInvocationError(`Invalid host to ping: '${host}'`);
        const cmd = timeout ? `ping -W ${timeout} -c 4 ${target}` : `ping -c 4 ${target}`;
        if (!return_boolean) return ctx.salt.call('cmd.run', [cmd], { python_shell: false });
        const res = await ctx.salt.call('cmd.retcode', [cmd], { python_shell: false, ignore_retcode: true });
        return res === 0;
      },
    }),
    netstat: defineFunction({
      doc:
        'Return the open TCP and UDP sockets from `ss -tulpnea`, as a list of `{proto, recv-q, send-q,\n' +
        'local-address, remote-address, state (TCP only), user (uid), inode, program}`, as Salt on a Linux\n' +
        "without netstat. `program` is '' and `user` 0 where ss does not show them (another user's sockets\n" +
        'when the minion is not root). Raises CommandExecutionError when ss cannot run.',
      example: "salt '*' network.netstat",
      args: [],
      run: async (ctx) => parseSs(await mustRunArgv(ctx, ['ss', '-tulpnea'])),
    }),
    connect: defineFunction({
      doc:
        'Test that the minion can reach `host` on `port`: TCP opens and closes a connection; UDP sends a\n' +
        'datagram and needs an answer. Returns `{result: True|False, comment}`, the comment being\n' +
        "'Successfully connected to HOST (ADDRESS) on PROTO port PORT', 'Unable to connect to ...',\n" +
        "'Unable to resolve host ...' or 'Required argument, port, is missing.'.",
      example: "salt '*' network.connect archlinux.org 80 timeout=3 family=ipv4",
      args: [
        { name: 'host', type: 'string', required: true, doc: 'Host name or address.' },
        { name: 'port', type: 'integer', doc: 'Port number.' },
        { name: 'proto', type: 'string', default: 'tcp', doc: "'tcp' or 'udp'." },
        { name: 'timeout', type: 'number', default: 5, doc: 'Seconds to wait.' },
        { name: 'family', type: 'string', doc: "'ipv4' or 'ipv6' to resolve the host to one family. Default: either." },
      ],
      async run(_ctx, { host, port, proto, timeout, family }) {
        if (!host) return { result: false, comment: 'Required argument, host, is missing.' };
        if (!port) return { result: false, comment: 'Required argument, port, is missing.' };
        if (port < 0 || port > 65535) throw new SaltInvocationError(`Invalid port ${port}: it must be 1 to 65535`);
        return connect(host, port, proto, timeout, family);
      },
    }),
    get_hostname: defineFunction({
      doc: "Return the minion's host name (Python's socket.gethostname()), e.g. 'web1'.",
      example: "salt '*' network.get_hostname",
      args: [],
      run: () => os.hostname(),
    }),
  },
});
