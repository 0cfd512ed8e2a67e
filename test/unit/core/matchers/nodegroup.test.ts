import { TargetError } from '@brine/core/errors';
import { resolveNodegroups } from '@brine/core/matchers/nodegroup';
import { NODEGROUPS, selected } from './minions';

const nodegroups = NODEGROUPS;

describe('nodegroup matcher (-N)', () => {
  it.each<[string, string[]]>([
    ['webs', ['web1', 'web2']],
    ['debian', ['web1', 'db1', 'db3']],
    ['debian_webs', ['web1']],
    ['pair', ['db1', 'mail']],
    ['pair_list', ['db2', 'db3']],
    ['words', ['web1']],
    ['wide', ['db1', 'db2', 'db3', 'mail']],
  ])('%s', (name, ids) => {
    expect(selected(name, 'nodegroup', { nodegroups })).toEqual(ids);
  });

  it.each<[string | string[], string]>([
    ['nope', "unknown nodegroup 'nope' at column 1"],
    ['loop_a', "nodegroup 'loop_a' includes itself (loop_a -> loop_b -> loop_a) at column 1 of nodegroup 'loop_b'"],
    ['two words', "Invalid nodegroup name 'two words'"],
    [['webs'], 'A nodegroup target is one string, not a list'],
  ])('refuses %j', (name, message) => {
    expect(() => selected(name, 'nodegroup', { nodegroups })).toThrow(TargetError);
    expect(() => selected(name, 'nodegroup', { nodegroups })).toThrow(message);
  });

  it('needs the nodegroups map: a minion without it cannot expand N@', () => {
    expect(() => selected('webs', 'nodegroup')).toThrow("unknown nodegroup 'webs'");
  });
});

describe('resolveNodegroups (what the master publishes)', () => {
  it.each<[string | string[], 'nodegroup' | 'compound' | 'glob', string | string[], string]>([
    ['debian_webs', 'nodegroup', ['(', '(', 'G@os:Debian', ')', 'and', '(', 'web*', ')', ')'], 'compound'],
    ['wide', 'nodegroup', ['(', '(', 'L@db1,mail', ')', 'or', '(', 'L@db2,db3', ')', ')'], 'compound'],
    ['mail or N@pair_list', 'compound', ['mail', 'or', '(', 'L@db2,db3', ')'], 'compound'],
    ['web* and not db1', 'compound', 'web* and not db1', 'compound'],
    ['N@webs', 'glob', 'N@webs', 'glob'],
  ])('%j (%s)', (tgt, tgtType, expected, expectedType) => {
    expect(resolveNodegroups(tgt, tgtType, nodegroups)).toEqual({ tgt: expected, tgtType: expectedType });
  });

  it('publishes a target that matches the same minions without the map', () => {
    for (const name of ['webs', 'debian_webs', 'pair', 'pair_list', 'words', 'wide']) {
      const { tgt, tgtType } = resolveNodegroups(name, 'nodegroup', nodegroups);
      expect(selected(tgt, tgtType)).toEqual(selected(name, 'nodegroup', { nodegroups }));
    }
  });

  it('refuses unknown nodegroups and lists as names', () => {
    expect(() => resolveNodegroups('nope', 'nodegroup', nodegroups)).toThrow("unknown nodegroup 'nope'");
    expect(() => resolveNodegroups(['webs'], 'nodegroup', nodegroups)).toThrow('A nodegroup target is one name, not a list');
  });
});
