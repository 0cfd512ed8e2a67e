import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CommandExecutionError } from '@brine/core/errors';
import { parseCliArgs } from '@brine/core/loader/args';
import { Loader } from '@brine/core/loader/loader';
import { listAllServices } from '@brine/modules/lib/systemctl';
import { systemdVirtual } from '@brine/modules/systemd_service';
import { callContext, makeHarness, type Harness } from '../helpers/exec-context';
import { fakeSystemctl, type FakeSystemctl } from '../helpers/fake-systemctl';

const verdict = systemdVirtual();

describe('service module where it does not load', () => {
  let h: Harness;
  beforeAll(() => (h = makeHarness()));
  afterAll(() => h.cleanup());

  (verdict === true ? it.skip : it)('does not load without systemd as PID 1, and says why', async () => {
    expect(verdict).toMatch(/systemd is not running as PID 1|systemctl was not found/);
    expect(h.loader.failed.get('service')).toBe(verdict);
    await expect(h.call('service.status', 'nginx')).rejects.toThrow(`'service' __virtual__ returned False: ${verdict}`);
  });
});

describe('service module, with systemctl answering as systemd 252', () => {
  let fake: FakeSystemctl;
  let call: (fun: string, ...words: string[]) => Promise<unknown>;
  let dir: string;

  beforeAll(() => {
    fake = fakeSystemctl();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'brine-service-'));
    const base = callContext(dir, {}, new AbortController().signal);
    const loader = new Loader(fake.modules, base.opts, {});
    call = (fun, ...words) => {
      const { arg, kwarg } = parseCliArgs(words);
      return loader.call(fun, arg, kwarg, base);
    };
  });
  afterAll(() => {
    fake.cleanup();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => fake.reset());
  const calls = (): string[] => fake.calls();

  it.each([
    ['start', ['nginx'], 'start nginx.service'],
    ['start', ['nginx', 'no_block=True'], '--no-block start nginx.service'],
    ['stop', ['docker.socket', 'no_block=True'], '--no-block stop docker.socket'],
    ['restart', ['nginx'], 'restart nginx.service'],
    ['reload', ['nginx.service'], 'reload nginx.service'],
    ['enable', ['apt-daily.timer'], 'enable apt-daily.timer'],
    ['disable', ['nginx', 'no_block=True'], '--no-block disable nginx.service'],
  ])('service.%s %j checks the unit, then runs systemctl %s, and returns True', async (fun, words, line) => {
    await expect(call(`service.${fun}`, ...words)).resolves.toBe(true);
    const unit = line.split(' ').pop();
    expect(calls()).toEqual([`status ${unit} -n 0`, line]);
  });

  it.each(['start', 'restart', 'reload', 'enable'])('service.%s raises systemctl stderr for an unknown unit', async (fun) => {
    const err = await call(`service.${fun}`, 'nosuch').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CommandExecutionError);
    expect((err as Error).message).toMatch(new RegExp(`^Failed to ${fun} (nosuch\\.service|unit): Unit (file )?nosuch\\.service (not found|does not exist)\\.$`));
  });

  it.each(['stop', 'disable'])('service.%s answers False for an unknown unit, as Salt', async (fun) => {
    await expect(call(`service.${fun}`, 'nosuch')).resolves.toBe(false);
  });

  it('service.available: systemctl status exits below 4 for a known unit', async () => {
    await expect(call('service.available', 'nginx')).resolves.toBe(true);
    await expect(call('service.available', 'docker.socket')).resolves.toBe(true);
    await expect(call('service.available', 'nosuch')).resolves.toBe(false);
  });

  it('reloads systemd first when the unit files changed on disk', async () => {
    await expect(call('service.restart', 'changed')).resolves.toBe(true);
    expect(calls()).toEqual(['status changed.service -n 0', '--system daemon-reload', 'status changed.service -n 0', 'restart changed.service']);
  });

  it('service.enabled: is-enabled, following an alias, and static counts', async () => {
    await expect(call('service.enabled', 'kmod')).resolves.toBe(true);
    expect(calls()).toEqual(['is-enabled kmod.service', 'show kmod.service -P Id', 'is-enabled systemd-modules-load.service']);
    await expect(call('service.enabled', 'cryptdisks')).resolves.toBe(false);
    await expect(call('service.enabled', 'nosuch')).resolves.toBe(false);
  });

  it('service.status: is-active for one unit, a dict for a glob over service.get_all', async () => {
    await expect(call('service.status', 'nginx')).resolves.toBe(true);
    await expect(call('service.status', 'nosuch')).resolves.toBe(false);
    const matching = listAllServices().filter((s) => s.startsWith('apt-daily'));
    const expected = Object.fromEntries(matching.map((s) => [s, s === 'apt-daily.timer']));
    await expect(call('service.status', 'apt-daily*')).resolves.toEqual(expected);
  });

  it('service.get_all lists the host unit files', async () => {
    await expect(call('service.get_all')).resolves.toEqual(listAllServices());
  });

  it('refuses a name that is no unit name', async () => {
    await expect(call('service.start', 'a b')).rejects.toThrow('Invalid service name "a b"');
  });
});
