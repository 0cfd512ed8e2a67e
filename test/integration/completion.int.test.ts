/**
 * Shell completion (completion.ts), as the shells use it: the built CLIs answering yargs' completion
 * protocol, and bash itself running the script `salt --completion` prints, through the npm bin shim.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { COMMANDS } from '@brine/cli/commands/index';
import { outputters } from '@brine/cli/output/index';
import { RUNNERS } from '@brine/cli/runners/index';
import { moduleKey } from '@brine/core/loader/define';
import { MODULES } from '@brine/modules/index';
import { REPO } from './helpers/cluster';
import { runCli } from './helpers/run-cli';

/** bash's candidates format (zsh's adds descriptions), whatever shell runs the tests. */
const BASH = { SHELL: '/bin/bash' };

/** The candidates `cli` offers for `words` (the last one being completed), as the scripts ask for them. */
async function candidates(cli: string, ...words: string[]): Promise<string[]> {
  const r = await runCli(cli, ['--get-yargs-completions', cli, ...words], BASH);
  expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
  return r.stdout.split('\n').filter(Boolean);
}

const sorted = (list: string[]) => [...list].sort();
const allFunctions = MODULES.flatMap((m) => Object.keys(m.functions).map((f) => `${moduleKey(m)}.${f}`));

describe('the completion protocol', () => {
  test('salt --o: the long options starting --o, as typed, never camelCased', async () => {
    expect(sorted(await candidates('salt', '--o'))).toEqual(
      sorted(['--out', '--output', '--out-indent', '--output-indent', '--out-file', '--output-file', '--out-file-append', '--output-file-append']),
    );
  });

  test('an option already given is not offered again', async () => {
    expect(await candidates('salt', '--out', 'json', '--out-f')).toEqual(['--out-file', '--out-file-append']);
  });

  test("salt '*' test.pi: module.function names from the module registry", async () => {
    expect(await candidates('salt', '*', 'test.pi')).toEqual(['test.ping']);
    // After any options, and with a target bash split at ':' (COMP_WORDBREAKS).
    expect(await candidates('salt', '-t', '5', '-G', 'os', ':', 'Debian', 'test.pi')).toEqual(['test.ping']);
    expect(await candidates('salt', '-lquiet', '-v', '*', 'test.pi')).toEqual(['test.ping']);
    expect(sorted(await candidates('salt', '*', ''))).toEqual(sorted(allFunctions));
  });

  test('salt-call: the function is its first word', async () => {
    expect(sorted(await candidates('salt-call', '--local', ''))).toEqual(sorted(allFunctions));
    expect(await candidates('salt-call', 'sys.list_')).toEqual(['sys.list_functions', 'sys.list_modules', 'sys.list_runners', 'sys.list_state_functions', 'sys.list_state_modules']);
  });

  test('salt --out: the outputter names, with a space or after =', async () => {
    const names = sorted(Object.keys(outputters));
    expect(sorted(await candidates('salt', '--out', ''))).toEqual(names);
    expect(sorted(await candidates('salt-key', '--output', ''))).toEqual(names);
    expect(await candidates('salt', '--out', 'ya')).toEqual(['yaml']);
    // bash splits --out=ya into --out, =, ya; zsh keeps one word.
    expect(await candidates('salt', '--out', '=', 'ya')).toEqual(['yaml']);
    expect(await candidates('salt', '--out=ya')).toEqual(['--out=yaml']);
  });

  test('-l/--log-level: the level names; salt-key -l: its key states', async () => {
    const levels = ['critical', 'debug', 'error', 'garbage', 'info', 'quiet', 'trace', 'warning'];
    expect(sorted(await candidates('salt', '-l', ''))).toEqual(levels);
    expect(sorted(await candidates('salt-master', '--log-level', ''))).toEqual(levels);
    expect(await candidates('salt-key', '-l', 'ac')).toEqual(['acc', 'accepted']);
  });

  test('an option taking a file name offers nothing, so the shell completes file names', async () => {
    expect(await candidates('salt', '--out-file', '')).toEqual([]);
    expect(await candidates('salt-call', '-c', '/et')).toEqual([]);
  });

  test('salt-run manage.: the runner names', async () => {
    const manage = RUNNERS.find((r) => r.name === 'manage')!;
    expect(sorted(await candidates('salt-run', 'manage.'))).toEqual(sorted(Object.keys(manage.functions).map((f) => `manage.${f}`)));
  });

  test("salt-key --: salt-key's long options, and no one-letter name with two dashes", async () => {
    const offered = await candidates('salt-key', '--');
    expect(offered).toEqual(expect.arrayContaining(['--accept', '--accept-all', '--list', '--list-all', '--delete', '--yes', '--log-level', '--out', '--completion', '--help']));
    // Salt spells a few with underscores (--return_config, --return_kwargs); never camelCase.
    for (const c of offered) expect(c).toMatch(/^--[a-z][a-z_-]+$/);
  });

  test.each(COMMANDS.map((c) => c.name))('%s completes its options', async (cli) => {
    const offered = await candidates(cli, '--');
    expect(offered).toEqual(expect.arrayContaining(['--config-dir', '--log-level', '--help', '--version', '--completion']));
    // Salt spells a few with underscores (--return_config, --return_kwargs); never camelCase.
    for (const c of offered) expect(c).toMatch(/^--[a-z][a-z_-]+$/);
  });

  test('zsh gets descriptions with the option names', async () => {
    const r = await runCli('salt', ['--get-yargs-completions', 'salt', '--out-f'], { SHELL: '/bin/zsh' });
    expect(r.stdout).toBe('--out-file:Write the output to this file instead of stdout\n--out-file-append:Append to --out-file instead of replacing it\n');
  });
});

describe('--completion', () => {
  test('prints the bash script of every command in the registry', async () => {
    const r = await runCli('salt-key', ['--completion'], BASH);
    expect(r.code).toBe(0);
    for (const { name } of COMMANDS) {
      expect(r.stdout).toContain(`\ncomplete -o bashdefault -o default -F _${name}_yargs_completions ${name}\n`);
      expect(r.stdout).toContain(`type_list=$(${name} --get-yargs-completions "\${args[@]}")`);
    }
    expect(r.stdout).toContain('# Installation: salt --completion >> ~/.bashrc');
  });

  test('prints the zsh script when $SHELL is zsh', async () => {
    const r = await runCli('salt', ['--completion'], { SHELL: '/usr/bin/zsh' });
    expect(r.code).toBe(0);
    for (const { name } of COMMANDS) expect(r.stdout).toContain(`\ncompdef _${name}_yargs_completions ${name}\n`);
  });
});

/** Whether `shell` is installed (zsh often is not). */
const installed = (shell: string) => (process.env.PATH ?? '').split(':').some((dir) => fs.existsSync(path.join(dir, shell)));

describe('the shells with the script sourced', () => {
  let bin: string;
  beforeAll(() => {
    // The commands as npm links them: each name a link to the committed shim.
    bin = fs.mkdtempSync(path.join(os.tmpdir(), 'brine-completion-'));
    for (const { name } of COMMANDS) fs.symlinkSync(path.join(REPO, 'packages/cli/bin/brine-cli.js'), path.join(bin, name));
  });
  afterAll(() => fs.rmSync(bin, { recursive: true, force: true }));

  /** Run `script` in `shell` with the linked commands first on PATH; resolves to its output lines. */
  function runShell(shell: string, args: string[], script: string): Promise<string[]> {
    return new Promise((resolve, reject) => {
      execFile(shell, [...args, script], { env: { ...process.env, SHELL: `/bin/${shell}`, PATH: `${bin}:${process.env.PATH}` } }, (err, stdout, stderr) => {
        if (err) reject(new Error(`${shell} failed: ${stderr}`));
        else resolve(stdout.split('\n').filter(Boolean));
      });
    });
  }
  const quote = (words: string[]) => words.map((w) => `'${w.replace(/'/g, "'\\''")}'`).join(' ');

  /** COMPREPLY after bash runs the completion function of `words[0]` with the cursor on the last word. */
  const complete = (...words: string[]) =>
    runShell('bash', ['-c'], `source <(${words[0]} --completion) && COMP_WORDS=(${quote(words)}) && COMP_CWORD=${words.length - 1} && _${words[0]}_yargs_completions && printf '%s\\n' "\${COMPREPLY[@]}"`);

  /** What zsh's completion function of `words[0]` hands to `_describe`, the cursor on the last word. */
  const completeZsh = (...words: string[]) =>
    runShell('zsh', ['-f', '-c'], [
      'autoload -Uz compinit && compinit -u -D',
      `source <(${words[0]} --completion) || exit 3`,
      // _describe draws the menu; print the candidates it was given instead.
      '_describe() { print -l -- "${(@P)2}" }',
      `words=(${quote(words)}); CURRENT=${words.length}; _${words[0]}_yargs_completions`,
      `print -- "registered: \${_comps[${words[0]}]}"`,
    ].join('\n'));

  test('completes options, option values, function and runner names through the hyphenated commands', async () => {
    expect(await complete('salt', '--out-f')).toEqual(['--out-file', '--out-file-append']);
    expect(await complete('salt', '*', 'test.pi')).toEqual(['test.ping']);
    expect(await complete('salt', '--out', 'js')).toEqual(['json']);
    expect(await complete('salt-call', 'sys.list_m')).toEqual(['sys.list_modules']);
    expect(await complete('salt-run', 'jobs.list_')).toEqual(['jobs.list_job', 'jobs.list_jobs']);
    expect(await complete('salt-key', '--accept-')).toEqual(['--accept-all']);
    expect(await complete('salt-master', '--pid')).toEqual(['--pid-file']);
  });

  (installed('zsh') ? test : test.skip)('zsh (when installed) completes with descriptions through the hyphenated commands', async () => {
    expect(await completeZsh('salt', '--out-f')).toEqual([
      '--out-file:Write the output to this file instead of stdout',
      '--out-file-append:Append to --out-file instead of replacing it',
      'registered: _salt_yargs_completions',
    ]);
    expect(await completeZsh('salt', '*', 'test.pi')).toEqual(['test.ping', 'registered: _salt_yargs_completions']);
    expect(await completeZsh('salt-run', 'jobs.list_')).toEqual(['jobs.list_job', 'jobs.list_jobs', 'registered: _salt-run_yargs_completions']);
  });
});
