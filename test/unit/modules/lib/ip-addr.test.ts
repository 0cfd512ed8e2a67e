import fs from 'node:fs';
import path from 'node:path';
import { parseIpAddr } from '@brine/modules/lib/ip-addr';

const FIXTURES = path.resolve(__dirname, '../../../fixtures/commands');
const read = (name: string) => fs.readFileSync(path.join(FIXTURES, name), 'utf8');

describe('parseIpAddr', () => {
  it("reads this test host's interfaces as Salt's capture shows them (ip-link-addr-host.txt)", () => {
    const ifaces = parseIpAddr(read('ip-link-addr-host.txt'));
    expect(Object.keys(ifaces)).toEqual(['lo', 'ifb0', 'ifb1', 'eth0']);
    expect(ifaces.eth0).toEqual({
      up: true,
      hwaddr: '02:fc:00:00:00:01',
      inet: [{ address: '192.0.2.2', netmask: '255.255.255.0', broadcast: '192.0.2.255', label: 'eth0' }],
      inet6: [
        { address: 'fd00::2', prefixlen: '64', scope: 'global' },
        { address: 'fe80::fc:ff:fe00:1', prefixlen: '64', scope: 'link' },
      ],
    });
    expect(ifaces.lo).toEqual({
      up: true,
      hwaddr: '00:00:00:00:00:00',
      inet: [{ address: '127.0.0.1', netmask: '255.0.0.0', broadcast: null, label: 'lo' }],
      inet6: [{ address: '::1', prefixlen: '128', scope: 'host' }],
    });
    expect(ifaces.ifb0).toEqual({ up: false, hwaddr: expect.stringMatching(/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/) });
  });

  it('keeps secondary addresses apart, reads parents, labels and two-digit indexes', () => {
    const ifaces = parseIpAddr(read('ip-link-addr-rich.txt'));
    expect(Object.keys(ifaces)).toEqual(['lo', 'eth0', 'eth0.10', 'tun0']);
    expect(ifaces.eth0.inet).toEqual([
      { address: '10.0.2.15', netmask: '255.255.255.0', broadcast: '10.0.2.255', label: 'eth0' },
      { address: '203.0.113.7', netmask: '255.255.255.255', broadcast: null, label: 'eth0' },
    ]);
    expect(ifaces.eth0.secondary).toEqual([{ type: 'inet', address: '10.0.2.16', netmask: '255.255.255.0', broadcast: '10.0.2.255', label: 'eth0:1' }]);
    expect(ifaces.eth0.inet6).toEqual([
      { address: '2001:db8::5', prefixlen: '64', scope: 'global' },
      { address: 'fe80::5054:ff:fe12:3456', prefixlen: '64', scope: 'link' },
    ]);
    expect(ifaces['eth0.10']).toMatchObject({ up: true, parent: 'eth0', inet: [{ address: '172.16.10.2', label: 'eth0.10' }] });
    // link/none has no address word after it: no hwaddr, as in Salt
    expect(ifaces.tun0).toEqual({ up: false });
  });

  it('gives {} for output without interfaces', () => {
    expect(parseIpAddr('')).toEqual({});
    expect(parseIpAddr('Object "addr" is unknown, try "ip help".')).toEqual({});
  });
});
