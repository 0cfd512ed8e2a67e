/**
 * zeromq endpoints from config values: `tcp://host:port`, with an IPv6
 * address in brackets (`tcp://[::1]:4506`) and port 0 meaning "any free port"
 * (`tcp://127.0.0.1:*`, for binding), and the port back from a bound endpoint.
 */

/**
 * The TCP endpoint of `host` (a name, an IPv4 or an IPv6 address) and `port`.
 * @param port 0 binds a free port (`*`)
 */
export function tcpEndpoint(host: string, port: number): string {
  const h = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return `tcp://${h}:${port === 0 ? '*' : port}`;
}

/**
 * Connections the kernel queues on a bound port until the daemon accepts
 * them (Linux caps it at net.core.somaxconn, 4096 by default). A fleet
 * starting at once connects thousands of sockets in a second; libzmq's
 * default of 100, or Node's 511, drops the rest, whose SYNs are then
 * retried after 1, 3, 7, 15 s: 5,000 minions took 15 s to reach the publish
 * port.
 */
export const LISTEN_BACKLOG = 4096;

/**
 * True when `endpoint` names an IPv6 address (`tcp://[::1]:4506`): its socket
 * must have zeromq's ipv6 option on, or binding fails and connecting never
 * succeeds. (Salt's `ipv6` setting; here it follows the address.)
 */
export function isIpv6(endpoint: string): boolean {
  return endpoint.startsWith('tcp://[');
}

/** The port of a bound endpoint such as `tcp://127.0.0.1:40123` or `tcp://[::1]:40123`. */
export function portOf(endpoint: string): number {
  return Number(endpoint.slice(endpoint.lastIndexOf(':') + 1));
}

/**
 * The host and port of a TCP endpoint (`tcp://host:port`, an IPv6 host in
 * brackets, `*` for port 0), for binding with Node's `net`.
 * @throws Error when `endpoint` is not a tcp:// endpoint with a port
 */
export function parseTcpEndpoint(endpoint: string): { host: string; port: number } {
  const m = /^tcp:\/\/(?:\[([^\]]+)\]|([^:/]+)):(\*|\d+)$/.exec(endpoint);
  if (!m) throw new Error(`Not a TCP endpoint: ${endpoint}`);
  return { host: m[1] ?? m[2]!, port: m[3] === '*' ? 0 : Number(m[3]) };
}
