import { readsMinionData } from '@brine/core/matchers/id-only';
import { compileTarget } from '@brine/core/matchers/index';
import type { TargetType } from '@brine/core/protocol/v1/constants';

const NODEGROUPS = { ids: 'web1 web2', webs: 'web*', debian: 'G@os:Debian', mixed: 'N@webs or N@debian' };

const reads = (tgt: string | string[], type: TargetType) => readsMinionData(compileTarget(tgt, type, { nodegroups: NODEGROUPS }));

describe('readsMinionData', () => {
  it.each<[string | string[], TargetType]>([
    ['web*', 'glob'],
    ['^web\\d+$', 'pcre'],
    ['web1,db1', 'list'],
    [['web1', 'db1'], 'list'],
    ['ids', 'nodegroup'],
    ['webs', 'nodegroup'],
    ['web* or L@db1,db2 and not E@db[0-9]', 'compound'],
    ['N@ids and not N@webs', 'compound'],
  ])('%j (%s) decides on the minion id alone', (tgt, type) => {
    expect(reads(tgt, type)).toBe(false);
  });

  it.each<[string, TargetType]>([
    ['os:Debian', 'grain'],
    ['os:Deb.*', 'grain_pcre'],
    ['role:web', 'pillar'],
    ['role:w.*', 'pillar_pcre'],
    ['10.0.0.0/8', 'ipcidr'],
    ['debian', 'nodegroup'],
    ['mixed', 'nodegroup'],
    ['web* and G@os:Debian', 'compound'],
    ['web* or P@os:Deb.*', 'compound'],
    ['web* and I@role:web', 'compound'],
    ['web* and J@role:w.*', 'compound'],
    ['web* and S@10.0.0.0/8', 'compound'],
    ['G;@os;Debian', 'compound'],
    ['web* and not G@role:db', 'compound'],
    ['( web1 or ( db1 and N@debian ) )', 'compound'],
  ])('%j (%s) reads data the minion reports', (tgt, type) => {
    expect(reads(tgt, type)).toBe(true);
  });
});
