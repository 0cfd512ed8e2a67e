/**
 * The flags every CLI shares (command.ts), run as a user would: the built CLIs, no daemons needed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { brineVersion } from '@brine/core/version';
import { runCli } from './helpers/run-cli';

const CLIS = ['salt', 'salt-key', 'salt-master', 'salt-minion', 'salt-call', 'salt-run', 'salt-cp'];

test.each(CLIS)('%s --version prints its name, brine\'s version and exits 0', async (cli) => {
  expect(await runCli(cli, ['--version'])).toEqual({ code: 0, stdout: `${cli} ${brineVersion()} (brine)\n`, stderr: '' });
});

test('an unknown option is Salt\'s short usage error, exit 64 (reference err_unknown_flag.txt)', async () => {
  expect(await runCli('salt', ['*', 'test.ping', '--no-such-flag'])).toEqual({
    code: 64,
    stdout: '',
    stderr: "Usage: salt [options] '<target>' <function> [arguments]\n\nsalt: error: no such option: --no-such-flag\n",
  });
  // Multi-word options are named as typed, never camelCased; an unknown letter in a cluster is named alone.
  expect((await runCli('salt-key', ['-L', '--hide-timeout'])).stderr).toBe('Usage: salt-key [options]\n\nsalt-key: error: no such option: --hide-timeout\n');
  expect((await runCli('salt', ['-vZ', '*', 'test.ping'])).stderr).toMatch(/\nsalt: error: no such option: -Z\n$/);
});

test('-h is --help, laid out as Salt\'s (usage, description, Options:, titled groups)', async () => {
  const r = await runCli('salt-key', ['-h']);
  expect(r.code).toBe(0);
  expect(r.stdout.split('\n')[0]).toBe('Usage: salt-key [options]');
  const salt = (await runCli('salt', ['--help'])).stdout;
  expect(salt.split('\n').slice(0, 8)).toEqual([
    "Usage: salt [options] '<target>' <function> [arguments]",
    '',
    'Run a function on the minions a target selects, in parallel, and print what',
    'each of them returns.',
    '',
    'Options:',
    "  --version             Show program's version number and exit",
    '  -V, --versions-report',
  ]);
  expect(salt).toContain('\n  -c CONFIG_DIR, --config-dir=CONFIG_DIR\n                        Directory holding');
  expect(salt).toContain('\n  Target Options:\n    Target selection options.\n\n    -E, --pcre          Target with a regular expression on minion ids\n');
  expect(salt).toContain('\n  Additional Target Options:\n    Additional options for minion targeting.\n\n    --delimiter=DELIMITER\n');
  expect(salt).toContain('\n  Output Options:\n    Configure your preferred output format.\n\n    --out=OUT, --output=OUT\n');
});

test('--no-color, --no-colour, --force-color and -lquiet are accepted', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'brine-flags-'));
  try {
    fs.writeFileSync(path.join(dir, 'minion'), `id: flags\nroot_dir: ${dir}\nmaster: 127.0.0.1\nmaster_port: 1\n`);
    // Python optparse's glued short value: -lquiet is -l quiet.
    expect(await runCli('salt-call', ['-c', dir, '-lquiet', '--local', 'test.ping'])).toEqual({ code: 0, stdout: 'local:\n    True\n', stderr: '' });
    for (const flag of ['--no-color', '--no-colour']) {
      expect(await runCli('salt-call', ['-c', dir, '--local', flag, 'test.ping'])).toEqual({ code: 0, stdout: 'local:\n    True\n', stderr: '' });
    }
    const forced = await runCli('salt-call', ['-c', dir, '--local', '--force-color', 'test.ping']);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain('\u001b[');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('salt alone prints its help and exits 42 (reference err_salt_no_args.txt)', async () => {
  const r = await runCli('salt', []);
  expect(r.code).toBe(42);
  expect(r.stderr).toBe('\nCannot execute command without defining a target.\n\n');
  expect(r.stdout.split('\n')[0]).toBe("Usage: salt [options] '<target>' <function> [arguments]");
  expect(r.stdout).toContain('--version');
});

test('-V is --versions-report, in Salt\'s sections', async () => {
  const r = await runCli('salt-key', ['-V']);
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/^Brine Version:\n +brine: \S+\n \nNode Version:\n +Node: \S+\n \nDependency Versions:\n/);
  expect(r.stdout).toMatch(/\n +libzmq: \d+\.\d+\.\d+\n \nSystem Versions:\n/);
});

test('SALT_CONFIG_DIR is the default config dir, and -c still wins', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'brine-envdir-'));
  try {
    for (const id of ['from-env', 'from-flag']) {
      fs.mkdirSync(path.join(dir, id));
      fs.writeFileSync(path.join(dir, id, 'minion'), `id: ${id}\nroot_dir: ${path.join(dir, id)}\nmaster: 127.0.0.1\nmaster_port: 1\n`);
    }
    const env = { SALT_CONFIG_DIR: path.join(dir, 'from-env') };
    expect((await runCli('salt-call', ['--local', 'grains.get', 'id'], env)).stdout).toBe('local:\n    from-env\n');
    expect((await runCli('salt-call', ['-c', path.join(dir, 'from-flag'), '--local', 'grains.get', 'id'], env)).stdout).toBe('local:\n    from-flag\n');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('salt-key only reads: without the master pki_dir it says so, exits 1 and creates nothing', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'brine-nokeys-'));
  try {
    fs.writeFileSync(path.join(dir, 'master'), `root_dir: ${dir}\n`);
    const r = await runCli('salt-key', ['-L', '-c', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`ERROR: No master keys at ${path.join(dir, 'etc/salt/pki/master')}: is ${dir} the master's configuration folder (-c)?\n`);
    expect(fs.readdirSync(dir)).toEqual(['master']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('--out-file replaces the file, --out-file-append adds to it, and --out-indent sets json\'s indent', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'brine-outfile-'));
  try {
    fs.writeFileSync(path.join(dir, 'minion'), `id: outfile\nroot_dir: ${dir}\n`);
    const out = path.join(dir, 'out.txt');
    fs.writeFileSync(out, 'old\n');
    const call = (...extra: string[]) => runCli('salt-call', ['-c', dir, '--local', 'test.echo', 'hi', '--out-file', out, ...extra]);
    expect((await call()).stdout).toBe('');
    expect(fs.readFileSync(out, 'utf8')).toBe('local:\n    hi\n');
    await call('--out-file-append', '--out', 'json', '--out-indent', '2');
    expect(fs.readFileSync(out, 'utf8')).toBe('local:\n    hi\n{\n  "local": "hi"\n}\n');
    await call('--out-file-append', '--out', 'json', '--out-indent', '-1');
    expect(fs.readFileSync(out, 'utf8').split('\n').slice(-2)).toEqual(['{"local": "hi"}', '']);
    expect((await call('--out-indent', 'wide')).stderr).toContain("Invalid --out-indent 'wide'");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
