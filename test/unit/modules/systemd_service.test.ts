import { systemdVirtual } from '@brine/modules/systemd_service';
import { makeHarness, type Harness } from '../helpers/exec-context';

const verdict = systemdVirtual();
let h: Harness;
beforeAll(() => (h = makeHarness()));
afterAll(() => h.cleanup());

(verdict === true ? describe.skip : describe)('service module without systemd as PID 1', () => {
  it('does not load, and says why', async () => {
    expect(verdict).toMatch(/systemd is not running as PID 1|systemctl was not found/);
    expect(h.loader.failed.get('service')).toBe(verdict);
    await expect(h.call('service.status', 'nginx')).rejects.toThrow(`'service' __virtual__ returned False: ${verdict}`);
  });
});

(verdict === true ? describe : describe.skip)('service module with systemd', () => {
  it('knows a unit is missing, and refuses invalid names', async () => {
    await expect(h.call('service.available', 'brine-no-such-service')).resolves.toBe(false);
    await expect(h.call('service.status', 'brine-no-such-service')).resolves.toBe(false);
    await expect(h.call('service.start', 'brine-no-such-service')).rejects.toThrow('Failed to start service brine-no-such-service');
    await expect(h.call('service.status', 'a b')).rejects.toThrow('Invalid service name "a b"');
  });
});
