import { TargetError } from '@brine/core/errors';
import { NODEGROUPS, selected } from './minions';

const nodegroups = NODEGROUPS;

describe('compound matcher (-C)', () => {
  it.each<[string | string[], string[]]>([
    ['G@os:Debian and web* or E@db[0-9]+ and not L@db3', ['web1', 'db1', 'db2']],
    ['web* or db*', ['web1', 'web2', 'db1', 'db2', 'db3']],
    ['web* and db*', []],
    ['not web*', ['db1', 'db2', 'db3', 'mail']],
    ['not not web*', ['web1', 'web2']],
    ['* and not G@os:Debian', ['web2', 'db2', 'mail']],
    ['web* not web2', ['web1']],
    ['G@os:Debian and ( web* or db1 )', ['web1', 'db1']],
    ['( G@os:Debian and web* ) or db1', ['web1', 'db1']],
    ['db1 or G@os:Debian and web*', ['web1', 'db1']],
    ['not G@os:Debian and not E@db', ['web2', 'mail']],
    ['not ( G@os:Debian or E@db )', ['web2', 'mail']],
    ['( ( web1 ) )', ['web1']],
    ['mail or ( db* and ( I@env:staging or G@os:CentOS ) )', ['db2', 'db3', 'mail']],
    ['I@env:prod and not I@role:db', ['web1', 'mail']],
    ['J@role:^(web|mail)$ and I@env:prod', ['web1', 'mail']],
    ['P@os:(centos|freebsd)', ['db2', 'mail']],
    ['S@10.0.2.0/24 and not db2', ['db1', 'db3']],
    ['S@10.0.1.11 or S@192.168.0.0/16', ['web1', 'mail']],
    ['L@web1,mail or E@db[23]', ['web1', 'db2', 'db3', 'mail']],
    ['G@ip4_interfaces:eth0:10.0.1.*', ['web1', 'web2']],
    ['G@roles:cache', ['web1']],
    ['G|@ip4_interfaces|eth0|10.0.1.12', ['web2']],
    ['G;@banner;hello:world', ['mail']],
    ['I%@app%tier%front*', ['web1', 'web2']],
    ['N@webs and not N@debian', ['web2']],
    ['N@debian_webs', ['web1']],
    ['N@pair', ['db1', 'mail']],
    ['N@pair_list or web2', ['web2', 'db2', 'db3']],
    ['N@words', ['web1']],
    ['N@wide', ['db1', 'db2', 'db3', 'mail']],
    [['G@os:Debian', 'and', 'web*'], ['web1']],
    ['  web1\tor   mail ', ['web1', 'mail']],
    ['Lx@web1', []],
  ])('%j', (expr, ids) => {
    expect(selected(expr, 'compound', { nodegroups })).toEqual(ids);
  });

  it('ignores the caller delimiter inside compound targets, as Salt', () => {
    expect(selected('G@os:Debian and web*', 'compound', { delimiter: '|' })).toEqual(['web1']);
  });

  it.each<[string, string]>([
    ['', "Invalid compound target '': it is empty"],
    ['   ', "Invalid compound target '   ': it is empty"],
    ['web* and', "Invalid compound target 'web* and': 'and' has no target on its right at column 6"],
    ['and web*', "'and' has no target on its left at column 1"],
    ['web* or or db*', "'or' has no target on its right at column 6"],
    ['not', "'not' has no target on its right at column 1"],
    ['web* and not', "'not' has no target on its right at column 10"],
    ['( web* or db*', "unclosed '(' at column 1"],
    ['( web* or (', "unclosed '(' at column 11"],
    ['web* )', "unbalanced ')' at column 6"],
    [') web*', "unbalanced ')' at column 1"],
    ['( )', 'empty parentheses at column 1'],
    ['( and web* )', "'and' has no target on its left at column 3"],
    ['web* db*', "missing 'and' or 'or' before 'db*' at column 6"],
    ['web* ( db* )', "missing 'and' or 'or' before '(' at column 6"],
    ['( web* db* )', "missing 'and' or 'or' before 'db*' at column 8"],
    ['(web* or db*)', "parenthesis stuck to '(web*' at column 1"],
    ['web* or db*)', "parenthesis stuck to 'db*)' at column 9"],
    ['X@foo', "unknown target prefix 'X@' in 'X@foo' (known: G@ P@ I@ J@ L@ E@ S@ N@) at column 1"],
    ['web1 or R@%foo.bar', "unknown target prefix 'R@' in 'R@%foo.bar'"],
    ['G@os', "Grain target 'os' needs a key and a pattern separated by ':', as in 'os:Debian' at column 1"],
    ['E@db( or web*', "Invalid regular expression 'db(': "],
    ['web1 or P@os:(x', "Invalid regular expression '(x'"],
    ['S@10.0.0.0/40', "Invalid IP/CIDR target '10.0.0.0/40'"],
    ['L@', "'L@' has no pattern at column 1"],
    ['N@', "'N@' needs a nodegroup name at column 1"],
    ['web1 or N@nope', "unknown nodegroup 'nope' at column 9"],
    ['web1 or N@loop_a', "nodegroup 'loop_a' includes itself (loop_a -> loop_b -> loop_a) at column 1 of nodegroup 'loop_b'"],
    ['N@broken', "'and' has no target on its right at column 6 of nodegroup 'broken'"],
    ['N@ghost', "unknown nodegroup 'nowhere' at column 1 of nodegroup 'ghost'"],
    ['web* N@webs', "missing 'and' or 'or' before '(' at column 6"],
  ])('refuses %j', (expr, message) => {
    const run = () => selected(expr, 'compound', { nodegroups });
    expect(run).toThrow(TargetError);
    expect(run).toThrow(message);
  });

  it('hints at spacing for a stuck parenthesis and at the config for an unknown nodegroup', () => {
    const hintOf = (expr: string): string | undefined => {
      try {
        selected(expr, 'compound', { nodegroups });
      } catch (err) {
        return (err as TargetError).hint;
      }
      return undefined;
    };
    expect(hintOf('(web1 or mail)')).toMatch(/separate words/);
    expect(hintOf('N@nope')).toMatch(/nodegroups: in the master config/);
  });
});
