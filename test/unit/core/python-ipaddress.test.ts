// Expected values are Python 3.11's ipaddress.
import { compareIp, inNetwork, ipAddress, ipNetwork, isLoopback, isPrivate, type IpValue } from '@brine/core/python-ipaddress';

function ip(text: string): IpValue {
  const v = ipAddress(text);
  if (!v) throw new Error(`not an address: ${text}`);
  return v;
}

describe('ipAddress', () => {
  it.each([
    ['192.0.2.2', 4, 0xc0000202n],
    ['::1', 6, 1n],
    ['fe80::fc:ff:fe00:1', 6, 0xfe8000000000000000fc00fffe000001n],
    ['::ffff:192.0.2.1', 6, 0xffffc0000201n],
  ])('%s', (text, version, value) => {
    expect(ipAddress(text)).toEqual({ version, value });
  });

  it('keeps an IPv6 scope id', () => {
    expect(ipAddress('fe80::1%eth0')).toEqual({ version: 6, value: 0xfe800000000000000000000000000001n, scope: 'eth0' });
  });

  it.each(['', 'eth0', '256.1.1.1', '1.2.3', ':::1', '10.0.0.0/8'])('refuses %j', (text) => {
    expect(ipAddress(text)).toBeNull();
  });
});

describe('ipNetwork (strict, as Python ip_network)', () => {
  it.each([
    ['10.0.0.0/8', 8],
    ['192.0.2.0/255.255.255.0', 24],
    ['192.0.2.7', 32],
    ['2000::/3', 3],
    ['0.0.0.0/0', 0],
  ])('%s has prefix %d', (text, prefixlen) => {
    expect(ipNetwork(text)?.prefix).toBe(prefixlen);
  });

  it.each(['10.0.0.1/8', '192.0.2.0/33', '192.0.2.0/255.0.255.0', 'fd00::1/8', 'x/8', '10.0.0.0/8/8'])('refuses %j', (text) => {
    expect(ipNetwork(text)).toBeNull();
  });

  it('matches addresses of its own version only', () => {
    const net = ipNetwork('192.0.2.0/24')!;
    expect(inNetwork(ip('192.0.2.200'), net)).toBe(true);
    expect(inNetwork(ip('192.0.3.1'), net)).toBe(false);
    expect(inNetwork(ip('::c000:202'), net)).toBe(false);
  });
});

describe("Python's address classes", () => {
  it.each([
    ['10.1.2.3', true],
    ['192.0.2.2', true],
    ['172.31.255.255', true],
    ['172.32.0.1', false],
    ['8.8.8.8', false],
    ['fd00::2', true],
    ['fe80::1', true],
    ['2001:db8::1', true],
    ['2606:4700::1111', false],
  ])('is_private(%s) is %s', (text, expected) => {
    expect(isPrivate(ip(text))).toBe(expected);
  });

  it.each([
    ['127.0.0.1', true],
    ['127.255.0.9', true],
    ['::1', true],
    ['128.0.0.1', false],
    ['::2', false],
  ])('is_loopback(%s) is %s', (text, expected) => {
    expect(isLoopback(ip(text))).toBe(expected);
  });

  it('sorts by version, then value, not as text', () => {
    const sorted = ['fd00::2', '192.0.2.10', '::1', '192.0.2.9', '10.0.0.1'].map(ip).sort(compareIp);
    expect(sorted).toEqual(['10.0.0.1', '192.0.2.9', '192.0.2.10', '::1', 'fd00::2'].map(ip));
  });
});
