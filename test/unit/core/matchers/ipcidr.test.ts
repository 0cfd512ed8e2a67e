import { TargetError } from '@brine/core/errors';
import { selected } from './minions';

describe('ipcidr matcher (-S)', () => {
  it.each<[string, string[]]>([
    ['10.0.1.0/24', ['web1', 'web2']],
    ['10.0.0.0/16', ['web1', 'web2', 'db1', 'db2', 'db3']],
    ['10.0.2.21', ['db1']],
    ['10.0.2.21/32', ['db1']],
    ['10.0.2.5/24', ['db1', 'db2', 'db3']],
    ['127.0.0.1', ['web1', 'web2']],
    ['0.0.0.0/0', ['web1', 'web2', 'db1', 'db2', 'db3', 'mail']],
    ['2001:db8::/32', ['mail']],
    ['fe80::1', ['web1']],
    ['fe80:0:0::1', ['web1']],
    ['172.16.0.0/12', []],
  ])('%s', (tgt, ids) => {
    expect(selected(tgt, 'ipcidr')).toEqual(ids);
  });

  it.each(['10.0.0.0/33', '10.0.0.300', 'web1', '', '10.0.0.0/', 'fe80::/129'])('refuses %j', (tgt) => {
    expect(() => selected(tgt, 'ipcidr')).toThrow(TargetError);
    expect(() => selected(tgt, 'ipcidr')).toThrow(`Invalid IP/CIDR target '${tgt}'`);
  });
});
