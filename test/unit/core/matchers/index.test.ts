import { TargetError } from '@brine/core/errors';
import { checkTarget, matchTarget } from '@brine/core/matchers/index';
import { TARGET_TYPES, type TargetType } from '@brine/core/protocol/v1/constants';
import { MINIONS } from './minions';

describe('matchTarget / checkTarget dispatch', () => {
  it('covers every target type of the protocol (all of Salt\'s but range)', () => {
    expect([...TARGET_TYPES].sort()).toEqual(
      ['compound', 'glob', 'grain', 'grain_pcre', 'ipcidr', 'list', 'nodegroup', 'pcre', 'pillar', 'pillar_pcre'].sort(),
    );
    const valid: Record<TargetType, string> = {
      glob: 'web*', pcre: 'web.*', list: 'web1', grain: 'os:Debian', grain_pcre: 'os:Deb.*', pillar: 'role:web',
      pillar_pcre: 'role:w.*', ipcidr: '10.0.0.0/8', nodegroup: 'webs', compound: 'web* or G@os:Debian',
    };
    for (const type of TARGET_TYPES) expect(() => checkTarget(valid[type], type, { nodegroups: { webs: 'web*' } })).not.toThrow();
  });

  it('keeps the three-argument call of the minion', () => {
    expect(matchTarget('web*', 'glob', MINIONS[0])).toBe(true);
    expect(matchTarget('G@os:Debian and not web*', 'compound', MINIONS[0])).toBe(false);
  });

  it.each<[string | string[], TargetType]>([
    ['web*', 'glob'],
    ['db[0-9]+', 'pcre'],
    [['a', 'b'], 'list'],
    ['os:Debian', 'grain'],
    ['os:(a|b)', 'grain_pcre'],
    ['role:web', 'pillar'],
    ['role:^web', 'pillar_pcre'],
    ['10.0.0.0/8', 'ipcidr'],
    ['G@os:Debian and ( web* or not E@db )', 'compound'],
  ])('accepts %j as %s', (tgt, type) => {
    expect(() => checkTarget(tgt, type)).not.toThrow();
  });

  it.each<[string | string[], string, string]>([
    ['x', 'range', "Target type 'range' is not supported"],
    [['web1'], 'glob', 'A glob target is one string, not a list'],
    ['db(', 'pcre', "Invalid regular expression 'db('"],
    ['os', 'grain', "Grain target 'os' needs a key"],
    ['10.0.0.0/99', 'ipcidr', "Invalid IP/CIDR target '10.0.0.0/99'"],
    ['web* and', 'compound', "'and' has no target on its right"],
    ['webs', 'nodegroup', "unknown nodegroup 'webs'"],
  ])('refuses %j as %s', (tgt, type, message) => {
    expect(() => checkTarget(tgt, type as TargetType)).toThrow(TargetError);
    expect(() => checkTarget(tgt, type as TargetType)).toThrow(message);
  });

  it('checks nodegroups against the map it is given', () => {
    expect(() => checkTarget('webs', 'nodegroup', { nodegroups: { webs: 'web*' } })).not.toThrow();
  });
});
