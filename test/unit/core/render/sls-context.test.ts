import { slsContext } from '@brine/core/render/sls-context';

describe("slsContext (Salt's generate_sls_context)", () => {
  test.each([
    ['salt://nginx/config.sls', 'nginx.config', { tplfile: 'nginx/config.sls', tpldir: 'nginx', tpldot: 'nginx', slspath: 'nginx', sls_path: 'nginx' }],
    ['salt://nginx/init.sls', 'nginx', { tplfile: 'nginx/init.sls', tpldir: 'nginx', tpldot: 'nginx', slspath: 'nginx', sls_path: 'nginx' }],
    ['salt://top.sls', 'top', { tplfile: 'top.sls', tpldir: '.', tpldot: '', slspath: '', sls_path: '' }],
    ['salt://a/b/c.sls', 'a.b.c', { tplfile: 'a/b/c.sls', tpldir: 'a/b', tpldot: 'a.b', slspath: 'a/b', slsdotpath: 'a.b', slscolonpath: 'a:b', sls_path: 'a_b' }],
    ['/var/cache/salt/files/base/web/index.html.j2', '', { tplfile: 'index.html.j2', tpldir: '.', slspath: '' }],
  ])('%s as %s', (path, sls, want) => {
    expect(slsContext(path, sls)).toMatchObject({ tplpath: path, ...want });
  });

  test('without a template path only the sls* variables are set', () => {
    expect(slsContext(undefined, 'a.b')).toEqual({ slspath: 'a/b', slsdotpath: 'a.b', slscolonpath: 'a:b', sls_path: 'a_b' });
  });
});
