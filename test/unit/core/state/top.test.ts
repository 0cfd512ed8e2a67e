import yaml from 'js-yaml';
import { StateCompileError } from '@brine/core/state/compile-error';
import { compileTop, matchTop, topRefs } from '@brine/core/state/top';
import { caught, StateBench } from './harness';

const ME = { id: 'web01', grains: { os: 'Debian', roles: ['web', 'cache'] }, pillar: { tier: 'prod' } };

function top(text: string, only?: string) {
  return matchTop(yaml.load(text), ME, only);
}

describe('matchTop', () => {
  it.each<[string, string, boolean]>([
    ['everything', "'*'", true],
    ['a glob', "'web*'", true],
    ['a glob that misses', "'db*'", false],
    ['a grain', "'os:Debian':\n    - match: grain", true],
    ['a grain that misses', "'os:RedHat':\n    - match: grain", false],
    ['a grain in a list', "'roles:cache':\n    - match: grain", true],
    ['a regular expression', "'^web\\d+$':\n    - match: pcre", true],
    ['a list', "'db01,web01':\n    - match: list", true],
    ['a compound', "'G@os:Debian and web*':\n    - match: compound", true],
    ['a compound that misses', "'G@os:Debian and not web*':\n    - match: compound", false],
    ['a pillar', "'tier:prod':\n    - match: pillar", true],
  ])('%s', (_name, target, hit) => {
    const body = target.includes('\n') ? `${target}\n    - sls1\n` : `${target}:\n    - sls1\n`;
    expect(top(`base:\n  ${body}`)).toEqual({ top: hit ? { base: ['sls1'] } : {}, errors: [] });
  });

  it('collects SLS per environment in order, without repeats', () => {
    const text = "base:\n  '*':\n    - common\n    - web\n  'web*':\n    - web\n    - nginx\ndev:\n  '*':\n    - tools\n";
    expect(top(text).top).toEqual({ base: ['common', 'web', 'nginx'], dev: ['tools'] });
    expect(topRefs(top(text).top)).toEqual([
      { sls: 'common', saltenv: 'base' }, { sls: 'web', saltenv: 'base' }, { sls: 'nginx', saltenv: 'base' }, { sls: 'tools', saltenv: 'dev' },
    ]);
    expect(top(text, 'dev').top).toEqual({ dev: ['tools'] });
  });

  it.each<[string, string, RegExp]>([
    ['an unknown match type', "base:\n  'x':\n    - match: telepathy\n    - a\n", /^Top file target 'x' \(match: telepathy\) in environment 'base' is invalid: /],
    ['a malformed regular expression', "base:\n  '(':\n    - match: pcre\n    - a\n", /^Top file target '\(' \(match: pcre\) in environment 'base' is invalid: /],
    ['a target that is not a list', "base:\n  '*': common\n", /^Top file target '\*' is not formed as a list$/],
    ['an environment that is not a mapping', 'base: [a]\n', /^Top file environment 'base' is not a dictionary$/],
    ['a top file that is not a mapping', '- a\n', /^Top file does not render to a dictionary$/],
  ])('reports %s', (_name, text, message) => {
    const { errors } = top(text);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(message);
  });
});

describe('matchTop with idOnly (pillar_minion_id_only)', () => {
  const text =
    "base:\n  'web*':\n    - web\n  'os:Debian':\n    - match: grain\n    - debian\n" +
    "  'G@os:Debian or web01':\n    - match: compound\n    - mixed\n  'web01,db01':\n    - match: list\n    - listed\n" +
    "  'ids':\n    - match: nodegroup\n    - grouped\n";
  const idOnly = (only: boolean) => matchTop(yaml.load(text), ME, undefined, { idOnly: only, nodegroups: { ids: 'web01 db01' } });

  it('without it, grain targets select SLS like id targets', () => {
    expect(idOnly(false)).toEqual({ top: { base: ['web', 'debian', 'mixed', 'listed', 'grouped'] }, errors: [] });
  });

  it('with it, targets reading grains are skipped and each is reported by name; id targets still apply', () => {
    const { top, errors } = idOnly(true);
    expect(top).toEqual({ base: ['web', 'listed', 'grouped'] });
    expect(errors).toEqual([
      "Top file target 'os:Debian' (match: grain) in environment 'base' is refused: it matches on grains, pillar or IP addresses, which the minion reports itself, and pillar_minion_id_only is true",
      "Top file target 'G@os:Debian or web01' (match: compound) in environment 'base' is refused: it matches on grains, pillar or IP addresses, which the minion reports itself, and pillar_minion_id_only is true",
    ]);
  });

  it('refuses a grain target that does not select this minion too, so every minion sees the same refusal', () => {
    const { top, errors } = matchTop(yaml.load("base:\n  'os:RedHat':\n    - match: grain\n    - rh\n"), ME, undefined, { idOnly: true });
    expect(top).toEqual({});
    expect(errors).toHaveLength(1);
  });
});

describe('compileTop', () => {
  let bench: StateBench;
  beforeEach(() => {
    bench = new StateBench();
  });
  afterEach(() => bench.cleanup());

  const env = () => {
    const ctx = bench.ctx();
    return { files: ctx.files, salt: ctx.salt, grains: ctx.grains, pillar: {}, opts: ctx.opts };
  };

  it('renders top.sls as a template, then matches it', async () => {
    bench.files({ 'top.sls': "base:\n  '{{opts.id}}':\n    - {{grains.os}}\n  'nobody':\n    - never\n" });
    expect(await compileTop(env(), { id: 'minion1', grains: { os: 'Debian' }, pillar: {} })).toEqual({ base: ['Debian'] });
  });

  it('no top file gives an empty top', async () => {
    expect(await compileTop(env(), ME)).toEqual({});
  });

  it('a top file that does not render is a compile error naming it', async () => {
    bench.files({ 'top.sls': "base:\n  '*':\n  - {{oops}\n" });
    const err = await caught(compileTop(env(), ME), StateCompileError);
    expect(err.errors[0]).toMatch(/^Rendering SLS 'base:top' failed: Handlebars syntax error: .*; line 3\n/);
  });
});
