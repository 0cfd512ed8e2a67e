import { isIpv6, parseTcpEndpoint, portOf, tcpEndpoint } from '@brine/core/transport/endpoint';

test.each([
  ['127.0.0.1', 4506, 'tcp://127.0.0.1:4506'],
  ['salt.example.com', 4505, 'tcp://salt.example.com:4505'],
  ['::1', 4506, 'tcp://[::1]:4506'],
  ['fe80::1', 0, 'tcp://[fe80::1]:*'],
  ['[::1]', 4506, 'tcp://[::1]:4506'],
  ['0.0.0.0', 0, 'tcp://0.0.0.0:*'],
])('%s port %d is %s', (host, port, endpoint) => {
  expect(tcpEndpoint(host, port)).toBe(endpoint);
});

test.each([
  ['tcp://127.0.0.1:40123', 40123],
  ['tcp://[::1]:40123', 40123],
])('the port of %s is %d', (endpoint, port) => {
  expect(portOf(endpoint)).toBe(port);
});

test.each([
  ['tcp://[::1]:4506', true],
  ['tcp://127.0.0.1:4506', false],
  ['tcp://salt.example.com:4506', false],
  ['ipc:///run/salt/master_client.ipc', false],
])('%s is IPv6: %s', (endpoint, v6) => {
  expect(isIpv6(endpoint)).toBe(v6);
});

test.each([
  ['tcp://127.0.0.1:4505', { host: '127.0.0.1', port: 4505 }],
  ['tcp://[::1]:*', { host: '::1', port: 0 }],
  ['tcp://salt.example.com:0', { host: 'salt.example.com', port: 0 }],
])('%s binds %j', (endpoint, parsed) => {
  expect(parseTcpEndpoint(endpoint)).toEqual(parsed);
});

test.each(['ipc:///tmp/x', 'tcp://127.0.0.1', 'tcp://::1:4505', 'tcp://host:port'])('%s is refused with a clear error', (endpoint) => {
  expect(() => parseTcpEndpoint(endpoint)).toThrow(`Not a TCP endpoint: ${endpoint}`);
});
