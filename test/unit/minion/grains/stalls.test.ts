/**
 * Grains that could stall a minion's start: a grain tool that ignores SIGTERM
 * (or leaves a child holding its output), a failed first collection kept for
 * the process's life, and reverse lookups of every address at once.
 */
import dns from 'node:dns/promises';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runTool } from '@brine/minion/grains/command';
import { keepOnSuccess } from '@brine/minion/grains/core';
import { FQDN_LOOKUPS, fqdns } from '@brine/minion/grains/network';
import { until } from '../../helpers/until';

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'brine-grain-stall-'))));
afterEach(() => {
  jest.restoreAllMocks();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('runTool', () => {
  it('kills a tool that ignores SIGTERM, and its children, and answers undefined on time', async () => {
    // SIGTERM on timeout was ignored, and the child kept the output pipe open: the grain waited for as long as they ran.
    const tool = path.join(dir, 'stubborn');
    const pidFile = path.join(dir, 'child.pid');
    fs.writeFileSync(tool, `#!/bin/sh\ntrap '' TERM\nsleep 60 &\necho $! > ${pidFile}\nwait\n`, { mode: 0o755 });
    const started = Date.now();
    await expect(runTool(tool, [], 300)).resolves.toBeUndefined();
    expect(Date.now() - started).toBeLessThan(3000);
    const pid = Number(fs.readFileSync(pidFile, 'utf8'));
    await until(async () => {
      const stat = fs.existsSync(`/proc/${pid}/stat`) ? fs.readFileSync(`/proc/${pid}/stat`, 'utf8') : '';
      return !stat || / Z /.test(stat);
    }, `the tool's child ${pid} to be killed`);
  });

  it('still answers a tool that finishes in time', async () => {
    await expect(runTool('sh', ['-c', 'echo hi; exit 3'])).resolves.toEqual({ retcode: 3, stdout: 'hi' });
    await expect(runTool('no-such-tool-here')).resolves.toBeUndefined();
  });
});

describe('keepOnSuccess', () => {
  it('keeps an answer, but not a failure: the next call tries again', async () => {
    let calls = 0;
    const get = keepOnSuccess(async () => {
      calls += 1;
      if (calls === 1) throw new Error('lspci crashed');
      return { os: 'Debian' };
    });
    await expect(get()).rejects.toThrow('lspci crashed');
    await expect(get()).resolves.toEqual({ os: 'Debian' });
    await expect(get()).resolves.toEqual({ os: 'Debian' });
    expect(calls).toBe(2);
  });
});

describe('fqdns', () => {
  it(`looks up at most ${FQDN_LOOKUPS} addresses at once, each of libuv's few threads being held by one`, async () => {
    let inFlight = 0;
    let most = 0;
    jest.spyOn(dns, 'lookupService').mockImplementation(async (address: string) => {
      most = Math.max(most, ++inFlight);
      await new Promise((r) => setTimeout(r, 20));
      inFlight -= 1;
      return { hostname: `h${address.split('.').pop()}.example.com`, service: '0' };
    });
    const addresses = Array.from({ length: 10 }, (_, i) => `192.0.2.${i + 1}`);
    const names = await fqdns(['127.0.0.1', ...addresses]);
    expect(names).toEqual(addresses.map((a) => `h${a.split('.').pop()}.example.com`).sort());
    expect(most).toBe(FQDN_LOOKUPS);
  });
});
