import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { consoleLogger } from '@brine/core/log';
import { parseCliArgs } from '@brine/core/loader/args';
import { RunnerLauncher, runnerArgv, saltRunPath } from '@brine/master/reactor/runner';

test("runner arguments become salt-run words that salt-run's argument parsing reads back as they were", () => {
  const arg = ['plain', 'a=b', 'true', 12, true, null, { k: [1, 'x'] }, 'with space', 'x#y', '', "it's"];
  const kwarg = { mods: 'orch.deploy', pillar: { target: 'web*', n: 2 }, flag: 'yes', text: 'line1\nline2' };
  const argv = runnerArgv('state.orchestrate', arg, kwarg);
  expect(argv.slice(0, 3)).toEqual(['--', 'state.orchestrate', 'plain']);
  expect(parseCliArgs(argv.slice(2))).toEqual({ arg, kwarg });
});

test("an argument from event data that looks like an option is the runner's, never salt-run's (--out-file would write anywhere)", async () => {
  const built = path.resolve(__dirname, '../../../../packages/cli/dist/bin/salt-run.js');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reactor-argv-'));
  try {
    const res = await new RunnerLauncher(dir, 20, consoleLogger('quiet'), built).run('jobs.list_jobs', ['--versions-report', `--out-file=${path.join(dir, 'written')}`], {});
    expect(res.stdout).not.toContain('Brine Version');
    expect(fs.existsSync(path.join(dir, 'written'))).toBe(false);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("the master finds @brine/cli's salt-run entry point (jest maps it to the source; built, it is dist/bin/salt-run.js)", () => {
  expect(saltRunPath()).toMatch(/cli[/\\](dist|src)[/\\]bin[/\\]salt-run\.(js|ts)$/);
  expect(fs.existsSync(saltRunPath())).toBe(true);
});

describe('RunnerLauncher, with a stand-in for salt-run', () => {
  let dir: string;
  const quiet = consoleLogger('quiet');

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reactor-runner-'));
    fs.writeFileSync(path.join(dir, 'echo.js'), 'process.stdout.write(JSON.stringify({ argv: process.argv.slice(2), user: process.env.USER, sudo: process.env.SUDO_USER ?? null }));\n');
    fs.writeFileSync(path.join(dir, 'fail.js'), "process.stderr.write('No such runner'); process.exit(1);\n");
    fs.writeFileSync(path.join(dir, 'hang.js'), 'setInterval(() => {}, 1000);\n');
  });

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('it runs salt-run -c <config dir> fun args as user Reactor (SUDO_USER removed)', async () => {
    process.env.SUDO_USER = 'admin';
    try {
      const res = await new RunnerLauncher('/etc/brine', 10, quiet, path.join(dir, 'echo.js')).run('jobs.list_jobs', [], { search_function: 'test.*' });
      expect(res.code).toBe(0);
      expect(JSON.parse(res.stdout)).toEqual({ argv: ['-c', '/etc/brine', '--', 'jobs.list_jobs', 'search_function=test.*'], user: 'Reactor', sudo: null });
    } finally {
      delete process.env.SUDO_USER;
    }
  });

  test('a failing run reports its exit code and stderr; a run past the timeout is killed', async () => {
    expect(await new RunnerLauncher('/c', 10, quiet, path.join(dir, 'fail.js')).run('nosuch.fun', [], {})).toEqual({ code: 1, stdout: '', stderr: 'No such runner', timedOut: false });
    const hung = await new RunnerLauncher('/c', 0.2, quiet, path.join(dir, 'hang.js')).run('state.event', [], {});
    expect(hung).toMatchObject({ code: -1, timedOut: true });
    // A timeout past what a Node timer holds (about 24.8 days) is not taken as 1 ms.
    expect(await new RunnerLauncher('/c', 1e7, quiet, path.join(dir, 'echo.js')).run('jobs.list_jobs', [], {})).toMatchObject({ code: 0, timedOut: false });
  });
});
