import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CommandExecutionError, SaltRenderError } from '@brine/core/errors';
import { LocalFileClient } from '@brine/core/fileclient/local';
import type { SaltCaller } from '@brine/core/loader/define';
import { compileTemplate, renderPipe, type RenderInput } from '@brine/core/render/pipe';

let roots: string;
const calls: string[] = [];

/** Execution functions answering from a table, recording calls. */
const SALT: SaltCaller = {
  async call(fun, args = [], kwargs = {}) {
    calls.push(`${fun} ${JSON.stringify(args)} ${JSON.stringify(kwargs)}`);
    if (fun === 'test.echo') return args[0];
    if (fun === 'grains.filter_by') return { pkg: 'nginx', conf: { port: 80 } };
    if (fun === 'cmd.run') throw new CommandExecutionError('command not found: nosuch');
    throw new Error(`unexpected ${fun}`);
  },
  has: (fun) => ['test.echo', 'grains.filter_by', 'cmd.run'].includes(fun),
};

/** Write `files` under the file roots. */
function serve(files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(roots, rel)), { recursive: true });
    fs.writeFileSync(path.join(roots, rel), text);
  }
}

/** The input for `text` at `rel` (an SLS `sls`), with grains and an empty pillar. */
function input(text: string, rel?: string, sls = '', opts: Record<string, unknown> = {}): RenderInput {
  const vars = { grains: { id: 'web1', os: 'Debian', roles: ['web'] }, pillar: {}, opts };
  return { text, path: rel, sls, saltenv: 'base', vars, salt: SALT, files: new LocalFileClient({ base: [roots] }) };
}

/** Render `text` with `jinja` alone. */
function jinja(text: string, rel?: string, sls = '', opts: Record<string, unknown> = {}): Promise<unknown> {
  return renderPipe(input(text, rel, sls, opts), ['jinja']);
}

/** The SaltRenderError `p` rejects with. */
async function failure(p: Promise<unknown>): Promise<SaltRenderError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(SaltRenderError);
  return err as SaltRenderError;
}

beforeEach(() => {
  roots = fs.mkdtempSync(path.join(os.tmpdir(), 'brine-jinja-'));
  calls.length = 0;
});
afterEach(() => fs.rmSync(roots, { recursive: true, force: true }));

describe("the jinja renderer's Salt side", () => {
  test("salt['mod.fun'](...), salt.mod.fun(...) and 'mod.fun' in salt", async () => {
    await expect(jinja("{{ salt['test.echo']('a') }} {{ salt.test.echo(x=1) is none }} {{ 'test.echo' in salt }} {{ 'no.such' in salt }}")).resolves.toBe(
      'a True True False',
    );
    expect(calls).toEqual(['test.echo ["a"] {}', 'test.echo [] {"x":1}']);
  });

  test('arguments go to functions as data and returns come back as mutable dicts', async () => {
    const text = "{% set m = salt['grains.filter_by']({'Debian': {'pkg': 'x'}}) %}{% do m.conf.update({'tls': true}) %}{{ m.conf }}";
    await expect(jinja(text)).resolves.toBe("{'port': 80, 'tls': True}");
    expect(calls).toEqual(['grains.filter_by [{"Debian":{"pkg":"x"}}] {}']);
  });

  test('a function that is not loaded is an undefined that fails when called', async () => {
    const err = await failure(jinja("{{ salt['no.such']() }}"));
    expect(err.message.split('\n')[0]).toBe(
      "Jinja variable 'salt.utils.templates.AliasedLoader object' has no attribute 'no.such'; line 1, column 4 of <string>: salt['no.such']()",
    );
  });

  test("a failing execution function is Salt's 'Problem running salt function'", async () => {
    const err = await failure(jinja("a\n{{ salt['cmd.run']('nosuch') }}", 'web/init.sls', 'web'));
    expect(err.message.split('\n')[0]).toBe(
      "Problem running salt function in Jinja template: command not found: nosuch; line 2, column 4 of salt://web/init.sls: salt['cmd.run']('nosuch')",
    );
    expect(err.message).toContain("{{ salt['cmd.run']('nosuch') }}    <======================");
  });

  test('Salt globals: odict and raise', async () => {
    await expect(jinja("{{ odict([('b', 1), ('a', 2)], c=3) }}")).resolves.toBe("{'b': 1, 'a': 2, 'c': 3}");
    const err = await failure(jinja("{{ raise('no OS map for ' ~ grains.os) }}"));
    expect(err.message.split('\n')[0]).toBe('Jinja error: no OS map for Debian; line 1, column 4 of <string>: raise(\'no OS map for \' ~ grains.os)');
  });

  test('the SLS variables and imports relative to the template', async () => {
    serve({ 'nginx/map.jinja': "{% set nginx = {'dir': tpldir} %}", 'nginx/server/defaults.yaml': 'port: 80\n' });
    const text = [
      '{% from "nginx/map.jinja" import nginx with context %}',
      "{% import_yaml './defaults.yaml' as defaults %}",
      '{{ sls }} {{ slspath }} {{ tpldir }} {{ tplfile }} {{ nginx.dir }} {{ defaults.port }}',
    ].join('\n');
    await expect(jinja(text, 'nginx/server/init.sls', 'nginx.server')).resolves.toBe('\n\nnginx.server nginx/server nginx/server nginx/server/init.sls nginx/server 80');
  });

  test('an error inside an imported file names that file, its line and its lines', async () => {
    serve({ 'app/map.jinja': 'ok\n{% set x = grains.nosuch.deeper %}\n' });
    const err = await failure(jinja('{% from "app/map.jinja" import x %}{{ x }}', 'app/init.sls', 'app'));
    expect(err.message.split('\n')[0]).toBe(
      "Jinja variable 'dict object' has no attribute 'nosuch'; line 2, column 12 of salt://app/map.jinja: grains.nosuch.deeper",
    );
    expect(err.message).toContain('{% set x = grains.nosuch.deeper %}    <======================');
  });

  test('a missing import is a syntax error naming it', async () => {
    const err = await failure(jinja('{% import "nope.jinja" as n %}', 'a.sls', 'a'));
    expect(err.message.split('\n')[0]).toBe('Jinja syntax error: nope.jinja; line 1, column 4 of salt://a.sls: import "nope.jinja" as n');
  });

  test('a syntax error names the file, line and column', async () => {
    const err = await failure(jinja('a\n{% if %}\n', 'x.sls', 'x'));
    expect(err.message.split('\n')[0]).toMatch(/^Jinja syntax error: .+; line 2, column \d+ of salt:\/\/x\.sls$/);
  });

  test('the final newline survives, and jinja_trim_blocks applies', async () => {
    await expect(jinja('a\n')).resolves.toBe('a\n');
    await expect(jinja('{% if true %}\nb\n{% endif %}\n', undefined, '', { jinja_trim_blocks: true })).resolves.toBe('b\n');
  });

  test('jinja|yaml through a shebang, and YAML without data is {}', async () => {
    await expect(compileTemplate(input('#!jinja|yaml\nid: {{ grains.id }}\n'), 'handlebars|yaml')).resolves.toEqual({ id: 'web1' });
    await expect(compileTemplate(input('{# nothing #}\n'), 'jinja|yaml')).resolves.toEqual({});
  });

  test('a YAML error after Jinja names the rendered line, the template line when it can tell, and the rendered lines', async () => {
    const text = "{% for u in ['a', 'b'] %}\n{{ u }}: 1\n{% endfor %}\nbad:\n\t- tab\n";
    const err = await failure(compileTemplate(input(text, 'users.sls', 'users'), 'jinja|yaml'));
    // Salt's loader is libyaml's (CSafeLoader), whose wording for a tab Salt does not translate
    expect(err.message.split('\n')[0]).toBe('found character that cannot start any token; line 7 (line 5 of the template)');
    expect(err.message).toContain('\t- tab    <======================');
    expect(err.line).toBe(5);
  });

  test('templates cannot reach JavaScript through the salt map or data', async () => {
    for (const text of ['{{ salt.constructor }}', "{{ salt['constructor'] }}", "{{ salt['__proto__'] }}", '{{ salt.test.constructor }}', '{{ grains.__class__ }}']) {
      const out = await jinja(text).then(String, (e: unknown) => (e instanceof SaltRenderError ? 'refused' : `crashed: ${String(e)}`));
      expect(out).toMatch(/^(refused|<salt\.loader\.lazy\.LoadedMod object>)$/);
    }
  });
});
