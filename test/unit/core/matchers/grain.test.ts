import { TargetError } from '@brine/core/errors';
import { selected } from './minions';

describe('grain matcher (-G)', () => {
  it.each<[string, string, string[]]>([
    ['plain value', 'os:Debian', ['web1', 'db1', 'db3']],
    ['values compare case-insensitively', 'os:debian', ['web1', 'db1', 'db3']],
    ['keys compare exactly', 'OS:Debian', []],
    ['glob on the value, case-insensitive', 'os:*b*', ['web1', 'web2', 'db1', 'db3', 'mail']],
    ['glob class on the value', 'os:[CF]*', ['db2', 'mail']],
    ['star means the key exists', 'ipv6:*', ['web1', 'mail']],
    ['nested dict into list', 'ip4_interfaces:eth0:10.0.1.11', ['web1']],
    ['nested glob', 'ip4_interfaces:eth0:10.0.1.*', ['web1', 'web2']],
    ['dict key present', 'ip4_interfaces:eth1', ['db1']],
    ['list grain: any element', 'roles:db', ['db1', 'db2', 'db3']],
    ['list grain: glob element', 'roles:back*', ['db2']],
    ['number value', 'num_cpus:8', ['db1', 'db2', 'db3']],
    ['boolean value as Python prints it', 'virtual:true', ['web1']],
    ['list index', 'disks:1:name:sdb', ['web1']],
    ['list of dicts by key', 'disks:name:sda', ['web1']],
    ['value containing the delimiter', 'banner:hello:world', ['mail']],
    ['glob over a value containing the delimiter', 'banner:hello:*', ['mail']],
    ['leading * searches every grain', '*:RedHat', ['db2']],
    ['missing grain', 'nope:x', []],
    ['partial value does not match', 'os:Deb', []],
  ])('%s: %s', (_name, tgt, ids) => {
    expect(selected(tgt, 'grain')).toEqual(ids);
  });

  it.each<[string, string, string[]]>([
    ['ip4_interfaces|eth0|10.0.1.12', '|', ['web2']],
    ['banner|hello:world', '|', ['mail']],
    ['ip4_interfaces::eth0::10.0.1.*', '::', ['web1', 'web2']],
  ])('with a custom delimiter: %s (%s)', (tgt, delimiter, ids) => {
    expect(selected(tgt, 'grain', { delimiter })).toEqual(ids);
  });

  it.each([
    ['os', ':', "Grain target 'os' needs a key and a pattern separated by ':', as in 'os:Debian'"],
    [':Debian', ':', "Grain target ':Debian' needs a key"],
    ['os:Debian', '|', "Grain target 'os:Debian' needs a key and a pattern separated by '|'"],
    ['os:Debian', '', "Grain target 'os:Debian': the delimiter is empty"],
  ])('refuses %j with delimiter %j', (tgt, delimiter, message) => {
    expect(() => selected(tgt, 'grain', { delimiter })).toThrow(TargetError);
    expect(() => selected(tgt, 'grain', { delimiter })).toThrow(message);
  });
});

describe('grain PCRE matcher (-P)', () => {
  it.each<[string, string[]]>([
    ['os:(Debian|Ubuntu)', ['web1', 'web2', 'db1', 'db3']],
    ['os:deb', ['web1', 'db1', 'db3']],
    ['os:ebian', []],
    ['os:^debian$', ['web1', 'db1', 'db3']],
    ['roles:c.che', ['web1']],
    ['ip4_interfaces:eth0:10\\.0\\.1\\.1[12]', ['web1', 'web2']],
    ['num_cpus:[48]$', ['web1', 'db1', 'db2', 'db3']],
  ])('%s', (tgt, ids) => {
    expect(selected(tgt, 'grain_pcre')).toEqual(ids);
  });

  it('refuses an invalid regular expression or a missing key', () => {
    expect(() => selected('os:(Debian', 'grain_pcre')).toThrow(/Invalid regular expression '\(Debian'/);
    expect(() => selected('Debian', 'grain_pcre')).toThrow("Grain PCRE target 'Debian' needs a key");
  });
});
