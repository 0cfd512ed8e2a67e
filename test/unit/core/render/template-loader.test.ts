import { resolveName } from '@brine/core/render/template-loader';
import { PyError } from '@brine/core/jinja/runtime/values';

describe("template names, as Salt's SaltCacheLoader resolves them", () => {
  test.each([
    ['nginx/map.jinja', 'nginx/init.sls', 'nginx/map.jinja'],
    ['./map.jinja', 'nginx/init.sls', 'nginx/map.jinja'],
    ['../libs/map.jinja', 'nginx/server/init.sls', 'nginx/libs/map.jinja'],
    ['./defaults.yaml', 'top.sls', 'defaults.yaml'],
    ['salt://nginx/map.jinja', null, 'nginx/map.jinja'],
    ['nginx//x/../map.jinja', null, 'nginx/map.jinja'],
  ])('%s from %s is %s', (name, parent, want) => {
    expect(resolveName(name, parent)).toBe(want);
  });

  test.each([
    ['../secret', 'top.sls'],
    ['../../etc/passwd', 'nginx/init.sls'],
    ['/etc/passwd', null],
    ['a/../../b', null],
  ])('%s from %s climbs out of the file roots: TemplateNotFound', (name, parent) => {
    let err: unknown;
    try {
      resolveName(name, parent);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PyError);
    expect((err as PyError).pyType).toBe('TemplateNotFound');
  });
});
