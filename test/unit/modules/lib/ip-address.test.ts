import { cidrToIpv4Netmask, ipv4Network } from '@brine/modules/lib/ip-address';

describe('netmasks', () => {
  it.each([
    [24, '255.255.255.0'],
    [8, '255.0.0.0'],
    [1, '128.0.0.0'],
    [32, '255.255.255.255'],
    [27, '255.255.255.224'],
    [0, ''],
    [33, ''],
  ])('cidr_to_ipv4_netmask(%d) is %j', (prefix, mask) => {
    expect(cidrToIpv4Netmask(prefix)).toBe(mask);
  });

  it('convert_cidr gives the network and netmask of an address with prefix', () => {
    expect(ipv4Network('192.0.2.7/24')).toEqual({ network: '192.0.2.0', netmask: '255.255.255.0' });
    expect(ipv4Network('10.9.8.7')).toEqual({ network: '10.9.8.7', netmask: '255.255.255.255' });
    expect(ipv4Network('default')).toBeUndefined();
    expect(ipv4Network('10.0.0.0/40')).toBeUndefined();
  });
});
