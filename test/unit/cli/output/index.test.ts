import { SaltInvocationError } from '@brine/core/errors';
import { getOutputter, outputters, useColor } from '@brine/cli/output/index';
import { highstate } from '@brine/cli/output/highstate';
import { json } from '@brine/cli/output/json';
import { nested } from '@brine/cli/output/nested';
import { raw } from '@brine/cli/output/raw';
import { txt } from '@brine/cli/output/txt';
import { yaml } from '@brine/cli/output/yaml';

describe('getOutputter', () => {
  it.each([
    ['nested', nested], ['json', json], ['yaml', yaml], ['txt', txt], ['raw', raw], ['highstate', highstate],
  ])('%s', (name, fn) => {
    expect(getOutputter(name)).toBe(fn);
  });

  const KNOWN = ['highstate', 'json', 'key', 'nested', 'newline_values_only', 'no_return', 'pprint', 'quiet', 'raw', 'table', 'txt', 'yaml'];

  it('registers exactly the known outputters', () => {
    expect(Object.keys(outputters).sort()).toEqual(KNOWN);
  });

  it.each(['nope', 'toString', '__proto__', ''])('rejects %j, listing the known names', (name) => {
    expect(() => getOutputter(name)).toThrow(SaltInvocationError);
    expect(() => getOutputter(name)).toThrow(`Unknown outputter '${name}'. Known outputters: ${KNOWN.join(', ')}`);
  });
});

describe('useColor', () => {
  const tty = { isTTY: true };
  const pipe = { isTTY: false };

  it.each<[string, boolean, { isTTY: boolean }, NodeJS.ProcessEnv, boolean]>([
    ['a TTY', false, tty, {}, true],
    ['a pipe', false, pipe, {}, false],
    ['--no-color on a TTY', true, tty, {}, false],
    ['NO_COLOR on a TTY', false, tty, { NO_COLOR: '1' }, false],
    ['an empty NO_COLOR is ignored', false, tty, { NO_COLOR: '' }, true],
    ['FORCE_COLOR on a pipe', false, pipe, { FORCE_COLOR: '1' }, true],
    ['FORCE_COLOR beats NO_COLOR', false, pipe, { FORCE_COLOR: 'true', NO_COLOR: '1' }, true],
    ['FORCE_COLOR=0 does not force', false, pipe, { FORCE_COLOR: '0' }, false],
    ['an empty FORCE_COLOR does not force', false, pipe, { FORCE_COLOR: '' }, false],
    ['--no-color beats FORCE_COLOR', true, tty, { FORCE_COLOR: '1' }, false],
  ])('%s', (_name, noColor, stream, env, expected) => {
    expect(useColor({ noColor, stream, env })).toBe(expected);
  });

  it('--force-color colours a pipe, even under NO_COLOR, and --no-color still wins', () => {
    expect(useColor({ noColor: false, forceColor: true, stream: pipe, env: { NO_COLOR: '1' } })).toBe(true);
    expect(useColor({ noColor: true, forceColor: true, stream: tty, env: {} })).toBe(false);
  });

  it('reads process.env by default', () => {
    const saved = { NO_COLOR: process.env.NO_COLOR, FORCE_COLOR: process.env.FORCE_COLOR };
    process.env.NO_COLOR = '1';
    delete process.env.FORCE_COLOR;
    try {
      expect(useColor({ noColor: false, stream: { isTTY: true } })).toBe(false);
    } finally {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  });
});
