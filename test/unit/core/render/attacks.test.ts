/**
 * Hostile SLS and template files through the renderer pipe: every failure
 * is a SaltRenderError naming the file, data keys named like JS internals
 * stay data, and nothing escapes the file roots.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SaltRenderError } from '@brine/core/errors';
import { LocalFileClient } from '@brine/core/fileclient/local';
import type { SaltCaller } from '@brine/core/loader/define';
import { renderPipe, type RendererName } from '@brine/core/render/pipe';
import { MAX_STRING } from '@brine/core/jinja/runtime/limits';
import { MAX_EXPANDED_NODES } from '@brine/core/yaml/salt-load';

let roots: string;
let outside: string;

const SALT: SaltCaller = {
  async call(fun, args = []) {
    if (fun === 'test.echo') return args[0];
    throw new Error(`unexpected ${fun}`);
  },
  has: (fun) => fun === 'test.echo',
};

/** Render `text` (at `top.sls`) through `pipe`. */
function run(text: string, pipe: RendererName[] = ['jinja', 'yaml']): Promise<unknown> {
  const vars = { grains: { id: 'm1' }, pillar: {}, opts: {} };
  return renderPipe({ text, path: 'top.sls', sls: 'top', saltenv: 'base', vars, salt: SALT, files: new LocalFileClient({ base: [roots] }) }, pipe);
}

/** The first line of the SaltRenderError `p` rejects with. */
async function failure(p: Promise<unknown>): Promise<string> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(SaltRenderError);
  return (err as Error).message.split('\n')[0] as string;
}

/** A "billion laughs" document: ten levels of ten aliases each. */
function laughs(levels: number): string {
  const lines = ['l0: &l0 [x, x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < levels; i++) lines.push(`l${i}: &l${i} [${Array(10).fill(`*l${i - 1}`).join(', ')}]`);
  return `${lines.join('\n')}\n`;
}

beforeEach(() => {
  roots = fs.mkdtempSync(path.join(os.tmpdir(), 'brine-attack-roots-'));
  outside = fs.mkdtempSync(path.join(os.tmpdir(), 'brine-attack-outside-'));
  fs.writeFileSync(path.join(outside, 'secret.txt'), 'secret');
  fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(roots, 'link.txt'));
  fs.symlinkSync(outside, path.join(roots, 'dir'));
});
afterEach(() => {
  fs.rmSync(roots, { recursive: true, force: true });
  fs.rmSync(outside, { recursive: true, force: true });
});

describe('YAML aliases', () => {
  const limit = `the YAML document expands to more than ${MAX_EXPANDED_NODES} nodes through its aliases (brine's limit)`;

  test('a billion-laughs SLS is refused, quickly', async () => {
    await expect(failure(run(laughs(12)))).resolves.toBe(limit);
  });

  test('a billion-laughs load_yaml is refused', async () => {
    await expect(failure(run(`{% load_yaml as y %}${laughs(12)}{% endload %}{{ y|length }}`, ['jinja']))).resolves.toBe(
      `Jinja syntax error: Encountered error loading yaml: ${limit}; line 1, column 4 of salt://top.sls: load_yaml as y`,
    );
  });

  test('aliases below the limit load, sharing the anchored value as PyYAML does', async () => {
    const data = (await run(laughs(6))) as Record<string, unknown[]>;
    expect(data.l5).toHaveLength(10);
    expect(data.l5?.[0]).toBe(data.l4);
    await expect(run('{% load_yaml as y %}a: &a [1]\nb: *a\n{% endload %}{% do y.a.append(2) %}{{ y.b }}', ['jinja'])).resolves.toBe('[1, 2]');
  });
});

describe('keys named like JavaScript internals', () => {
  test.each([
    [['yaml'], '__proto__: {polluted: 1}\nconstructor: {prototype: {polluted: 1}}\n'],
    [['yaml'], 'a: &x {__proto__: {polluted: 1}}\n<<: *x\n'],
    [['json'], '{"__proto__": {"polluted": 1}}'],
    [['jinja', 'yaml'], "{{ {'__proto__': {'polluted': 1}}|yaml(False) }}"],
    [['jinja', 'json'], "{{ {'__proto__': {'polluted': 1}}|tojson }}"],
  ] as [RendererName[], string][])('%j: %s keeps them as own keys', async (pipe, text) => {
    const data = (await run(text, pipe)) as Record<string, unknown>;
    expect(Object.getPrototypeOf(data)).toBe(Object.prototype);
    expect(Object.keys(data)).toContain('__proto__');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('data handed to execution functions keeps them as own keys', async () => {
    const data = await run("{{ salt['test.echo']({'__proto__': {'polluted': 1}}) }}", ['jinja']);
    expect(data).toBe("{'__proto__': {'polluted': 1}}");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('template names', () => {
  test.each([
    ['{% include "link.txt" %}', 'resolves outside the file server roots'],
    ['{% include "dir/secret.txt" %}', 'resolves outside the file server roots'],
    ['{% import_text "link.txt" as t %}', 'resolves outside the file server roots'],
    ['{% include "top.sls\\x00" %}', 'escapes the file server roots'],
  ])('%s is refused', async (text, why) => {
    await expect(failure(run(text, ['jinja']))).resolves.toContain(why);
  });

  test('a file larger than the str limit is refused before it is read', async () => {
    fs.writeFileSync(path.join(roots, 'big.txt'), '');
    fs.truncateSync(path.join(roots, 'big.txt'), MAX_STRING + 1);
    await expect(failure(run('{% include "big.txt" %}', ['jinja']))).resolves.toBe(
      `Jinja error: salt://big.txt is larger than ${MAX_STRING} bytes, too large to load as a template (brine's limit for one render); line 1, column 4 of salt://top.sls: include "big.txt"`,
    );
  });

  test.each([['{% include "../secret.txt" %}'], ['{% include "/etc/passwd" %}'], ['{% include "salt://../etc/passwd" %}']])('%s is not found', async (text) => {
    await expect(failure(run(text, ['jinja']))).resolves.toMatch(/^Jinja syntax error: /);
  });
});

describe('deeply nested data', () => {
  /** A value nested `n` levels deep. */
  const nested = (n: number): unknown => {
    let v: unknown = 1;
    for (let i = 0; i < n; i++) v = { a: v };
    return v;
  };

  test('grains nested past the stack are RecursionError, not a RangeError', async () => {
    const vars = { grains: { deep: nested(100_000) }, pillar: {}, opts: {} };
    const p = renderPipe({ text: '{{ 1 }}', sls: 'top', saltenv: 'base', vars, salt: SALT }, ['jinja']);
    await expect(failure(p)).resolves.toBe('Jinja error: maximum recursion depth exceeded');
  });

  test("JSON nested deeper than Python's json decodes is refused as Salt's json renderer does", async () => {
    await expect(failure(run(`${'['.repeat(1001)}${']'.repeat(1001)}`, ['json']))).resolves.toBe(
      'Unable to render salt://top.sls with the json renderer: maximum recursion depth exceeded while decoding a JSON array from a unicode string',
    );
    await expect(run(`${'['.repeat(900)}${']'.repeat(900)}`, ['json'])).resolves.toHaveLength(1);
  });
});

describe('engine failures are Python-worded SaltRenderErrors', () => {
  test.each([
    ['{% set l = [] %}{% do l.append(l) %}{{ l }}', 'Jinja error: maximum recursion depth exceeded; line 1, column 40 of salt://top.sls: l'],
    [
      `{{ ${'('.repeat(50_000)}1${')'.repeat(50_000)} }}`,
      /^Jinja syntax error: the template nests expressions or tags more than 400 levels deep \(brine's limit\); line 1, column \d+ of salt:\/\/top.sls$/,
    ],
  ])('%#', async (text, message) => {
    await expect(failure(run(text, ['jinja']))).resolves.toMatch(message);
  });
});
