import { err, f, r } from './context';

const mixed = ['192.168.1.1', '10.0.0.0/255.255.255.0', '8.8.8.8', 'fe80::1%eth0', '2001:DB8:0:0:1::1', '::ffff:10.0.0.1', 'bogus', '::1', '224.0.0.1'];

describe("Salt's network filters (Python's ipaddress)", () => {
  test.each<[string, unknown, unknown[], Record<string, unknown>, string]>([
    ['ipaddr', mixed, [], {}, "['192.168.1.1', '10.0.0.0/24', '8.8.8.8', '224.0.0.1', 'fe80::1%eth0', '2001:db8::1:0:0:1', '::ffff:a00:1', '::1']"],
    ['ipv4', mixed, ['private'], {}, "['192.168.1.1', '10.0.0.0/24']"],
    ['ipv6', mixed, ['ll'], {}, "['fe80::1%eth0']"],
    ['ipaddr', mixed, ['public'], {}, "['8.8.8.8', '224.0.0.1']"],
    ['ipaddr', mixed, ['multicast'], {}, "['224.0.0.1']"],
    ['ipv6', mixed, ['lo'], {}, "['::1']"],
    ['ipaddr', '10.1.2.3/8', [], {}, "'10.1.2.3/8'"],
    ['ipaddr', 'x', [], {}, 'None'],
    ['ipaddr', 5, [], {}, 'None'],
    ['ipv4', '::1', [], {}, 'None'],
    ['ipv4', '240.0.0.1', ['reserved'], {}, "'240.0.0.1'"],
    ['ipv4', '0.0.0.0', ['unspecified'], {}, "'0.0.0.0'"],
    ['ipv6', 'fec0::1', ['site-local'], {}, "'fec0::1'"],
    ['ipv4', '10.0.0.1', ['private, loopback'], {}, 'None'],
    ['is_ip', '1.2.3.4', [], {}, 'True'],
    ['is_ip', '010.0.0.1', [], {}, 'False'],
    ['is_ip', '256.1.1.1', [], {}, 'False'],
    ['is_ipv4', '1.2.3.4/33', [], {}, 'False'],
    ['is_ipv6', '1:2:3:4:5:6:7:8:9', [], {}, 'False'],
    ['is_ipv6', '::1::', [], {}, 'False'],
    ['is_ipv6', '1:2:3:4:5:6:7::', [], {}, 'True'],
    ['is_ipv6', '1:2:3:4::5:6:7:8', [], {}, 'False'],
    ['is_ipv4', '10.0.0.1', ['private'], {}, 'True'],
    ['is_ipv4', '8.8.8.8', ['private'], {}, 'False'],
    ['ip_host', '10.0.0.1', [], {}, "'10.0.0.1/32'"],
    ['ip_host', ['10.0.0.1/24', '::1'], [], {}, "['10.0.0.1/24', '::1/128']"],
    ['network_hosts', '10.0.0.1/30', [], {}, "['10.0.0.1', '10.0.0.2']"],
    ['network_hosts', '10.0.0.1/31', [], {}, "['10.0.0.0', '10.0.0.1']"],
    ['network_hosts', '2001:db8::/126', [], {}, "['2001:db8::1', '2001:db8::2', '2001:db8::3']"],
    ['network_hosts', 'x', [], {}, 'None'],
    ['network_size', '192.168.0.0/16', [], {}, '65536'],
    ['network_size', ['10.0.0.0/24', '10.0.0.0/255.255.255.252'], [], {}, '[256, 4]'],
    ['network_size', '10.0.0.0/24', [], { version: 6 }, 'None'],
    ['ipwrap', '::1', [], {}, "'[::1]'"],
    ['ipwrap', ['10.0.0.1', 'fe80::1'], [], {}, "['10.0.0.1', '[fe80::1]']"],
    ['ipwrap', 'host', [], {}, "'host'"],
  ])('%s(%p, %p, %p) is %s', (name, value, args, kwargs, expected) => {
    expect(r(name, value, args, kwargs)).toBe(expected);
  });

  test.each<[unknown, unknown, string]>([
    [['10.0.0.5', '192.168.1.1', '::1'], ['10.0.0.0/24', '::/64'], "['10.0.0.5', '::1']"],
    [{ eth0: ['10.0.0.5', '8.8.8.8'], lo: ['127.0.0.1'] }, ['10.0.0.0/8', '127.0.0.0/8'], "{'eth0': ['10.0.0.5'], 'lo': ['127.0.0.1']}"],
    [['10.0.0.5'], null, "['10.0.0.5']"],
  ])('filter_by_networks(%p, %p) is %s', (values, networks, expected) => {
    expect(r('filter_by_networks', values, [networks])).toBe(expected);
  });

  test.each<[string, () => unknown, string]>([
    ['a network with host bits', () => r('filter_by_networks', ['10.0.0.1'], [['10.0.0.1/24']]), 'ValueError: 10.0.0.1/24 has host bits set'],
    ['a bad address', () => r('filter_by_networks', ['bogus'], [['10.0.0.0/24']]), "ValueError: 'bogus' does not appear to be an IPv4 or IPv6 address"],
    ['an int to filter', () => r('filter_by_networks', 5, [['10.0.0.0/24']]), "ValueError: Do not know how to filter a <class 'int'>"],
  ])('filter_by_networks with %s raises', (_what, fn, expected) => {
    expect(err(fn)).toBe(expected);
  });

  test('gen_mac appends three random octets', () => {
    expect(f('gen_mac', 'AC:DE:48')).toMatch(/^AC:DE:48(:[0-9A-F]{2}){3}$/);
    expect(f('gen_mac', '52:54:00')).toMatch(/^52:54:00(:[0-9A-F]{2}){3}$/);
  });

  test('ipwrap refuses an IPv6 interface, as ip_address does', () => {
    expect(err(() => r('ipwrap', '::1/64'))).toBe("ValueError: '::1/64' does not appear to be an IPv4 or IPv6 address");
  });
});
