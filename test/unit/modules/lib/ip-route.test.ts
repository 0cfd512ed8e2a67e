import fs from 'node:fs';
import path from 'node:path';
import { parseIpRoute4, parseIpRoute6 } from '@brine/modules/lib/ip-route';

const FIXTURES = path.resolve(__dirname, '../../../fixtures/commands');
const read = (name: string) => fs.readFileSync(path.join(FIXTURES, name), 'utf8');

describe('ip route parsing (Salt _ip_route_linux)', () => {
  it('reads IPv4 routes of table main', () => {
    expect(parseIpRoute4(read('ip-4-route.txt'))).toEqual([
      { addr_family: 'inet', destination: '0.0.0.0', gateway: '192.0.2.1', netmask: '0.0.0.0', flags: 'UG', interface: 'eth0' },
      { addr_family: 'inet', destination: '192.0.2.0', gateway: '0.0.0.0', netmask: '255.255.255.0', flags: 'U', interface: 'eth0' },
    ]);
  });

  it('skips typed IPv4 routes and reads a device only where Salt looks', () => {
    expect(parseIpRoute4('unreachable 10.9.0.0/16\nblackhole 10.8.0.0/16\n10.7.0.0/16 via 192.0.2.9 dev eth0\ndefault dev ppp0 scope link\n')).toEqual([
      { addr_family: 'inet', destination: '10.7.0.0', gateway: '0.0.0.0', netmask: '255.255.0.0', flags: 'U', interface: '' },
      { addr_family: 'inet', destination: '0.0.0.0', gateway: 'ppp0', netmask: '0.0.0.0', flags: 'UG', interface: '' },
    ]);
  });

  it('reads IPv6 routes of every table, without multicast ones', () => {
    const routes = parseIpRoute6(read('ip-6-route.txt'));
    expect(routes).toContainEqual({ addr_family: 'inet6', destination: '::/0', gateway: 'fd00::1', netmask: '', flags: 'UG', interface: 'eth0' });
    expect(routes).toContainEqual({ addr_family: 'inet6', destination: 'fd00::/64', gateway: '::', netmask: '', flags: 'U', interface: 'eth0' });
    expect(routes).toContainEqual({ addr_family: 'inet6', destination: '::1/128', gateway: '::', netmask: '', flags: 'U', interface: 'lo' });
    expect(routes.some((r) => r.destination.startsWith('ff00'))).toBe(false);
    expect(routes).toHaveLength(6);
  });
});
