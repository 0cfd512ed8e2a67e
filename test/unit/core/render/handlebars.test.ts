import { SaltRenderError } from '@brine/core/errors';
import type { SaltCaller } from '@brine/core/loader/define';
import { excerpt } from '@brine/core/render/render-error';
import { renderTemplate } from '@brine/core/render/handlebars';
import { caught } from '../state/harness';

const VARS = {
  grains: { os: 'Debian', ip4_interfaces: { eth0: ['10.0.0.5'] }, roles: ['web', 'db'] },
  pillar: { web: { port: 8080, users: ['ann', 'bob'] } },
  opts: { id: 'minion1' },
  saltenv: 'base',
  sls: 'web.init',
};

/** A salt caller answering from a table, recording every call. */
function caller(table: Record<string, (args: unknown[], kwargs: Record<string, unknown>) => unknown>): SaltCaller & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    async call(fun, args = [], kwargs = {}) {
      calls.push(`${fun} ${JSON.stringify(args)}${Object.keys(kwargs).length ? ` ${JSON.stringify(kwargs)}` : ''}`);
      const f = table[fun];
      if (!f) throw new Error(`'${fun}' is not available.`);
      return f(args, kwargs);
    },
    has: (fun) => Object.hasOwn(table, fun),
  };
}

const SALT = caller({
  'cmd.run': ([cmd]) => (cmd === 'hostname' ? 'web01' : `ran ${cmd}`),
  'test.echo': ([x]) => x,
  'grains.items': () => ({ os: 'Debian' }),
});

async function render(text: string, salt: SaltCaller = SALT): Promise<string> {
  return renderTemplate(text, VARS, salt, 'web.init');
}

describe('renderTemplate: variables and helpers', () => {
  it.each<[string, string, string]>([
    ['grains, pillar, opts, saltenv, sls', '{{grains.os}} {{pillar.web.port}} {{opts.id}} {{saltenv}} {{sls}}', 'Debian 8080 minion1 base web.init'],
    ['grains_get with a nested key', '{{grains_get "ip4_interfaces:eth0:0"}}', '10.0.0.5'],
    ['grains_get default', '{{grains_get "virtual" "physical"}}', 'physical'],
    ['grains_get without default gives empty', '[{{grains_get "nope"}}]', '[]'],
    ['pillar_get nested', '{{pillar_get "web:port" 80}}', '8080'],
    ['pillar_get default', '{{pillar_get "db:port" 5432}}', '5432'],
    ['pillar_get list index', '{{pillar_get "web:users:1"}}', 'bob'],
    ['json of a lookup', '{{json (pillar_get "web:users")}}', '["ann","bob"]'],
    ['json of missing', '{{json nothing}}', 'null'],
    ['yaml in flow style', 'users: {{yaml (pillar_get "web")}}', 'users: {port: 8080, users: [ann, bob]}'],
    ['yaml of a string', '{{yaml "a: b"}}', "'a: b'"],
    ['each over pillar', '{{#each pillar.web.users}}- {{this}}\n{{/each}}', '- ann\n- bob\n'],
    ['no HTML escaping', '{{pillar_get "x" "<a & b>"}}', '<a & b>'],
    ['salt call', 'host: {{salt "cmd.run" "hostname"}}', 'host: web01'],
    ['salt call with keyword arguments', '{{salt "cmd.run" "ls" cwd="/tmp"}}', 'ran ls'],
    ['salt call result used in a block', '{{#if (salt "test.echo" true)}}yes{{else}}no{{/if}}', 'yes'],
    ['salt calls depending on salt calls', '{{salt "test.echo" (salt "cmd.run" "hostname")}}', 'web01'],
    ['salt call inside a branch that needs another call', '{{#if (salt "test.echo" 1)}}{{salt "cmd.run" "uptime"}}{{/if}}', 'ran uptime'],
    ['salt call returning a mapping, as JSON', '{{json (salt "grains.items")}}', '{"os":"Debian"}'],
  ])('%s', async (_name, template, expected) => {
    expect(await render(template)).toBe(expected);
  });

  it('runs each distinct call once, in order of appearance', async () => {
    const salt = caller({ 'test.echo': ([x]) => x });
    await render('{{salt "test.echo" "a"}} {{salt "test.echo" "b"}} {{salt "test.echo" "a"}}', salt);
    expect(salt.calls).toEqual(['test.echo ["a"]', 'test.echo ["b"]']);
  });

  it('never runs a call before the calls its arguments or branch depend on are known', async () => {
    const salt = caller({ 'test.echo': ([x]) => x, 'cmd.run': ([c]) => `ran ${c}` });
    const out = await render('{{#if (salt "test.echo" false)}}{{salt "cmd.run" "rm -rf /"}}{{else}}{{salt "cmd.run" (salt "test.echo" "ls")}}{{/if}}', salt);
    expect(out).toBe('ran ls');
    expect(salt.calls).toEqual(['test.echo [false]', 'test.echo ["ls"]', 'cmd.run ["ls"]']);
  });

  it('gives up after 100 distinct calls', async () => {
    const text = Array.from({ length: 101 }, (_, i) => `{{salt "test.echo" ${i}}}`).join('\n');
    await expect(render(text)).rejects.toThrow(/more than 100 distinct salt calls; line 101/);
  });
});

describe('renderTemplate errors name the SLS and line with an excerpt', () => {
  const failure = (text: string): Promise<SaltRenderError> => caught(render(text), SaltRenderError);

  it.each<[string, string, number, RegExp]>([
    ['a syntax error', 'a: 1\nb: {{foo}\nc: 3\n', 2, /^Handlebars syntax error: Expecting .*got 'INVALID'; line 2/],
    ['an unclosed block (the end of file points at the last line)', 'a: 1\n{{#if x}}\nb: 2\n', 3, /^Handlebars syntax error: .*got 'EOF'/],
    ['a mismatched block', 'a: 1\n{{#if x}}\nb: 2\n{{/each}}\n', 2, /^Handlebars error: if doesn't match each/],
    ['a missing helper', 'a: 1\nb: 2\nc: {{frobnicate "x"}}\n', 3, /^Handlebars error: Missing helper: "frobnicate"|^Missing helper: "frobnicate"/],
    ['a failing salt call', 'a: 1\nb: {{salt "nope.nothing"}}\n', 2, /^salt helper: nope.nothing failed: 'nope.nothing' is not available\./],
    ['a salt helper without a function', 'x: {{salt 1}}', 1, /^The salt helper needs a function name first/],
  ])('%s', async (_name, text, line, message) => {
    const err = await failure(text);
    expect(err.sls).toBe('web.init');
    expect(err.line).toBe(line);
    expect(err.message).toMatch(message);
    expect(err.message).toContain(`; line ${line}\n\n---\n`);
    expect(err.message).toMatch(/    <======================\n(.*\n)*---$/);
  });

  it('the excerpt marks the faulty line', async () => {
    const err = await failure('a: 1\nb: {{foo}\nc: 3\n');
    expect(err.message.split('\n\n')[1]).toBe('---\na: 1\nb: {{foo}    <======================\nc: 3\n---');
  });
});

describe('excerpt (Salt get_context)', () => {
  const text = Array.from({ length: 20 }, (_, i) => `line${i + 1}`).join('\n');
  it.each<[number, string[]]>([
    [1, ['line1    <======================', 'line2', 'line3', 'line4', 'line5', 'line6', '[...]']],
    [10, ['[...]', 'line5', 'line6', 'line7', 'line8', 'line9', 'line10    <======================', 'line11', 'line12', 'line13', 'line14', 'line15', '[...]']],
    [20, ['[...]', 'line15', 'line16', 'line17', 'line18', 'line19', 'line20    <======================']],
  ])('line %d', (line, lines) => {
    expect(excerpt(text, line)).toBe(`---\n${lines.join('\n')}\n---`);
  });

  it('a line past the end gives the whole text', () => {
    expect(excerpt('a\nb', 7)).toBe('a\nb');
  });
});
