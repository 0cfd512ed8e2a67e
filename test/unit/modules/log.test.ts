import type { Logger } from '@brine/core/log';
import { Loader } from '@brine/core/loader/loader';
import { MODULES } from '@brine/modules/index';
import { callContext, makeHarness, type Harness } from '../helpers/exec-context';

let h: Harness;
beforeEach(() => (h = makeHarness()));
afterEach(() => h.cleanup());

/** A logger recording [level, message, fields] for every line, children included. */
function recorder(lines: Array<[string, string, object]>, meta: object = {}): Logger {
  const at = (level: string) => (msg: string) => void lines.push([level, msg, meta]);
  return {
    critical: at('critical'), error: at('error'), warning: at('warning'), info: at('info'), debug: at('debug'), trace: at('trace'),
    child: (m) => recorder(lines, { ...meta, ...m }),
  };
}

describe('log module', () => {
  it.each([
    ['debug', 'debug'],
    ['info', 'info'],
    ['warning', 'warning'],
    ['error', 'error'],
    ['critical', 'critical'],
    ['exception', 'error'],
  ])('log.%s writes the message at %s through the job logger and returns True', async (fun, level) => {
    const lines: Array<[string, string, object]> = [];
    const loader = new Loader(MODULES, h.ctx.opts, {});
    await expect(loader.call(`log.${fun}`, ['Please do not do that'], {}, callContext(h.dir, {}, h.abort.signal, { log: recorder(lines) }))).resolves.toBe(true);
    expect(lines).toEqual([[level, 'Please do not do that', { fun: `log.${fun}` }]]);
  });

  it("writes data as Python's str() prints it", async () => {
    const lines: Array<[string, string, object]> = [];
    const loader = new Loader(MODULES, h.ctx.opts, {});
    await loader.call('log.info', [{ a: [1, true, null] }], {}, callContext(h.dir, {}, h.abort.signal, { log: recorder(lines) }));
    expect(lines[0][1]).toBe("{'a': [1, True, None]}");
  });

  it('needs a message', async () => {
    await expect(h.call('log.debug')).rejects.toThrow("log.debug: debug() missing 1 required positional argument: 'message'");
  });
});
