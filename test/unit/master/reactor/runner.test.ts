import fs from 'node:fs';
import { parseCliArgs } from '@brine/core/loader/args';
import { runnerArgv, saltRunPath } from '@brine/master/reactor/runner';

test("runner arguments become salt-run words that salt-run's argument parsing reads back as they were", () => {
  const arg = ['plain', 'a=b', 'true', 12, true, null, { k: [1, 'x'] }, 'with space', 'x#y', '', "it's"];
  const kwarg = { mods: 'orch.deploy', pillar: { target: 'web*', n: 2 }, flag: 'yes', text: 'line1\nline2' };
  const argv = runnerArgv('state.orchestrate', arg, kwarg);
  expect(argv[0]).toBe('state.orchestrate');
  expect(argv[1]).toBe('plain');
  expect(parseCliArgs(argv.slice(1))).toEqual({ arg, kwarg });
});

test("the master finds @brine/cli's salt-run entry point (jest maps it to the source; built, it is dist/bin/salt-run.js)", () => {
  expect(saltRunPath()).toMatch(/cli[/\\](dist|src)[/\\]bin[/\\]salt-run\.(js|ts)$/);
  expect(fs.existsSync(saltRunPath())).toBe(true);
});
