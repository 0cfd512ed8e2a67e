import { systemdVirtual } from '@brine/modules/systemd_service';
import { fakeSystemctl, type FakeSystemctl } from '../helpers/fake-systemctl';
import { makeStateHarness, type StateHarness } from './harness';

/** True where systemd is PID 1; elsewhere the service module refuses to load, with a reason. */
const verdict = systemdVirtual();

let h: StateHarness;
beforeEach(() => (h = makeStateHarness()));
afterEach(() => h.cleanup());

/** A unit no system has. */
const MISSING = 'brine-no-such-service';

(verdict === true ? describe.skip : describe)('service states without systemd', () => {
  it.each([
    ['service.running', {}, false],
    ['service.running', {}, true],
    ['service.dead', { enable: false }, false],
  ])('%s %j (test=%s) fails with the reason the service module did not load', async (fun, args, test) => {
    await expect(h.run(fun, { name: 'nginx', ...args }, test)).resolves.toEqual({
      name: 'nginx',
      result: false,
      comment: `'service' __virtual__ returned False: ${verdict}`,
      changes: {},
    });
  });
});

(verdict === true ? describe : describe.skip)('service states with systemd', () => {
  it('under test=True, a missing service would be started or stopped', async () => {
    await expect(h.run('service.running', { name: MISSING }, true)).resolves.toMatchObject({
      result: null,
      comment: `Service ${MISSING} not present; if created in this state run, it would have been started`,
    });
    await expect(h.run('service.dead', { name: MISSING }, true)).resolves.toMatchObject({
      result: null,
      comment: `Service ${MISSING} not present; if created in this state run, it would have been stopped`,
    });
  });

  it('a missing service fails running but satisfies dead', async () => {
    await expect(h.run('service.running', { name: MISSING })).resolves.toMatchObject({ result: false, comment: `The named service ${MISSING} is not available` });
    await expect(h.run('service.dead', { name: MISSING })).resolves.toMatchObject({ result: true, comment: `The named service ${MISSING} is not available` });
  });
});

describe('service.mod_watch', () => {
  (verdict === true ? it.skip : it)('fails with the reason the service module did not load', async () => {
    await expect(h.watch('service.running', { name: 'nginx', reload: true }, true)).resolves.toMatchObject({
      result: false,
      comment: `'service' __virtual__ returned False: ${verdict}`,
    });
  });

  it('refuses a state function it cannot follow', async () => {
    await expect(h.watch('service.enabled', { name: 'nginx' })).resolves.toMatchObject({
      result: false,
      comment: 'Unable to trigger watch for service.enabled',
    });
  });
});

describe('service states, with systemctl answering as systemd 252', () => {
  let fake: FakeSystemctl;
  let sh: StateHarness;
  beforeAll(() => (fake = fakeSystemctl()));
  afterAll(() => fake.cleanup());
  beforeEach(() => (sh = makeStateHarness({}, fake.modules)));
  afterEach(() => sh.cleanup());

  it('service.running on an active unit changes nothing', async () => {
    await expect(sh.run('service.running', { name: 'nginx' })).resolves.toMatchObject({ result: true, comment: 'The service nginx is already running', changes: {} });
  });

  it('service.dead fails when service.stop answers False', async () => {
    await expect(sh.run('service.dead', { name: 'busy' })).resolves.toMatchObject({ result: false, comment: 'Service busy failed to die' });
  });

  it('enable=False fails when service.disable answers False, without further information', async () => {
    await expect(sh.run('service.running', { name: 'busy', enable: false })).resolves.toEqual({
      name: 'busy',
      result: false,
      comment: 'Failed when setting service busy to not start at boot, but the service was already running',
      changes: {},
    });
  });

  it('mod_watch of service.dead reports a stop that answered False', async () => {
    await expect(sh.watch('service.dead', { name: 'busy' })).resolves.toMatchObject({ result: false, comment: 'Failed to stop the service', changes: { busy: false } });
  });
});
