import yaml from 'js-yaml';
import { compileReactions } from '@brine/master/reactor/reactions';

const sls = (text: string, path = '/srv/reactor/r.sls') => ({ path, data: yaml.load(text) });

test("local with Salt 3006's args form: tgt, tgt_type and the function's keyword arguments", () => {
  const { reactions, errors, warnings } = compileReactions([
    sls(`
apply:
  local.state.apply:
    - tgt: web1
    - tgt_type: list
    - args:
      - mods: nginx
      - test: true
`),
  ]);
  expect(errors).toEqual([]);
  expect(warnings).toEqual([]);
  expect(reactions).toEqual([
    { kind: 'local', id: 'apply', sls: '/srv/reactor/r.sls', fun: 'state.apply', tgt: 'web1', tgtType: 'list', arg: [], kwarg: { mods: 'nginx', test: true }, returners: {} },
  ]);
});

test('local in the old arg/kwarg form, cmd as an alias of local, expr_form as tgt_type, glob by default', () => {
  const { reactions } = compileReactions([
    sls(`
old:
  cmd.cmd.run:
    - tgt: 'G@os:Debian'
    - expr_form: compound
    - arg:
      - uptime
    - kwarg:
        cwd: /tmp
plain:
  local.test.ping:
    - tgt: '*'
`),
  ]);
  expect(reactions).toEqual([
    { kind: 'local', id: 'old', sls: '/srv/reactor/r.sls', fun: 'cmd.run', tgt: 'G@os:Debian', tgtType: 'compound', arg: ['uptime'], kwarg: { cwd: '/tmp' }, returners: {} },
    { kind: 'local', id: 'plain', sls: '/srv/reactor/r.sls', fun: 'test.ping', tgt: '*', tgtType: 'glob', arg: [], kwarg: {}, returners: {} },
  ]);
});

test('runner and wheel: args form, or the old form taking keyword arguments from the other keys', () => {
  const { reactions } = compileReactions([
    sls(`
accept:
  wheel.key.accept:
    - args:
      - match: web*
orch:
  runner.state.orchestrate:
    - mods: orch.deploy
    - pillar: {x: 1}
`),
  ]);
  expect(reactions).toEqual([
    { kind: 'runner', id: 'orch', sls: '/srv/reactor/r.sls', fun: 'state.orchestrate', arg: [], kwarg: { mods: 'orch.deploy', pillar: { x: 1 } } },
    { kind: 'wheel', id: 'accept', sls: '/srv/reactor/r.sls', fun: 'key.accept', arg: [], kwarg: { match: 'web*' } },
  ]);
});

test("run order as Salt's order_chunks: order first, then kind, name and function", () => {
  const { reactions } = compileReactions([
    sls(`
b:
  local.test.ping: [{tgt: x}]
a:
  wheel.key.delete: [{match: y}]
c:
  local.test.ping: [{tgt: z}, {order: 1}]
`),
  ]);
  expect(reactions.map((r) => r.id)).toEqual(['c', 'b', 'a']);
});

test('files merge by ID, a later file winning', () => {
  const { reactions } = compileReactions([sls('x:\n  local.test.ping: [{tgt: a}]\n', '/1.sls'), sls('x:\n  local.test.ping: [{tgt: b}]\n', '/2.sls')]);
  expect(reactions).toMatchObject([{ id: 'x', sls: '/2.sls', tgt: 'b' }]);
});

test("Salt's warnings: arg/kwarg ignored beside args, args not a list of mappings, caller and unknown kinds, a missing tgt", () => {
  const { reactions, warnings } = compileReactions([
    sls(`
both:
  local.test.arg: [{tgt: a}, {arg: [1]}, {args: [{x: 1}]}]
badargs:
  runner.jobs.list_jobs: [{args: [a, b]}]
call:
  caller.test.ping: []
other:
  nosuch.thing: []
notgt:
  local.test.ping: []
badtype:
  local.test.ping: [{tgt: a}, {tgt_type: nosuch}]
extra:
  local.test.ping: [{tgt: a}, {timeout: 5}]
`),
  ]);
  expect(reactions.map((r) => r.id)).toEqual(['both', 'extra']);
  expect(warnings).toEqual([
    "Reactor 'call' in /srv/reactor/r.sls: caller reactions run on a minion's reactor, not the master's",
    "Reactor 'badtype' failed to execute local 'test.ping': invalid tgt_type \"nosuch\" (one of glob, pcre, list, grain, grain_pcre, pillar, pillar_pcre, ipcidr, nodegroup, compound)",
    "Reactor 'both' is ignoring 'arg' param [1] due to presence of 'args' param. Check the Reactor System documentation for the correct argument format.",
    "Reactor 'extra' ignores timeout: brine's local client does not take them",
    "Reactor 'notgt' failed to execute local 'test.ping': missing or invalid 'tgt' (a target expression or a list of minion ids)",
    "ReactWrap is missing a wrapper function for 'nosuch'",
    "Reactor 'badargs' failed to execute runner 'jobs.list_jobs': Incorrect argument format, check the Reactor System documentation for the correct format.",
  ]);
});

test('malformed data is an error and nothing runs (as verify_high)', () => {
  expect(compileReactions([sls('ok:\n  local.test.ping: [{tgt: a}]\nbad: just text\n')])).toEqual({
    reactions: [],
    errors: ["ID 'bad' in SLS '/srv/reactor/r.sls' is not a dictionary"],
    warnings: [],
  });
  expect(compileReactions([sls('include: [x]\n')]).errors).toEqual(["Reactor SLS '/srv/reactor/r.sls': include, extend and exclude are not supported in a reactor SLS"]);
  expect(compileReactions([sls('- a\n- b\n')]).errors).toEqual(["SLS '/srv/reactor/r.sls' does not render to a dictionary"]);
});

test('an empty rendered file reacts with nothing', () => {
  expect(compileReactions([{ path: '/e.sls', data: {} }])).toEqual({ reactions: [], errors: [], warnings: [] });
});

test("local reactions pass returners on to the job, as salt --return: ret (names, comma-separated or a list), ret_config, ret_kwargs", () => {
  const { reactions, warnings } = compileReactions([
    sls(`
one:
  local.test.ping: [{tgt: a}, {ret: syslog}]
many:
  local.test.ping: [{tgt: a}, {ret: [local_file, rawfile_json]}, {ret_config: alt}, {ret_kwargs: {filename: /tmp/x}}]
bad:
  local.test.ping: [{tgt: a}, {ret: [1]}]
badkw:
  local.test.ping: [{tgt: a}, {ret: syslog}, {ret_kwargs: [x]}]
`),
  ]);
  expect(reactions.map((r) => [r.id, r.kind === 'local' && r.returners])).toEqual([
    ['many', { ret: 'local_file,rawfile_json', ret_config: 'alt', ret_kwargs: { filename: '/tmp/x' } }],
    ['one', { ret: 'syslog' }],
  ]);
  expect(warnings).toEqual([
    "Reactor 'badkw' failed to execute local 'test.ping': invalid 'ret_kwargs' [\"x\"] (a mapping of returner options)",
    "Reactor 'bad' failed to execute local 'test.ping': invalid 'ret' [1] (a returner name, comma-separated names or a list of names)",
  ]);
});
