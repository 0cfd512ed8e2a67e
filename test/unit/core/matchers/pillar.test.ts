import { TargetError } from '@brine/core/errors';
import { selected } from './minions';

describe('pillar matchers (-I, -J)', () => {
  it.each<[string, 'pillar' | 'pillar_pcre', string[]]>([
    ['role:web', 'pillar', ['web1', 'web2']],
    ['role:WEB', 'pillar', ['web1', 'web2']],
    ['env:prod', 'pillar', ['web1', 'db1', 'db2', 'mail']],
    ['app:tier:front*', 'pillar', ['web1', 'web2']],
    ['app:port:8080', 'pillar', ['web1']],
    ['db:primary:true', 'pillar', ['db1']],
    ['db:primary:*', 'pillar', ['db1', 'db2']],
    ['relay:mx2.*', 'pillar', ['mail']],
    ['env:^(prod|staging)$', 'pillar_pcre', ['web1', 'web2', 'db1', 'db2', 'db3', 'mail']],
    ['env:stag', 'pillar_pcre', ['web2', 'db3']],
    ['app:port:80[0-9]1', 'pillar_pcre', ['web2']],
  ])('%s (%s)', (tgt, type, ids) => {
    expect(selected(tgt, type)).toEqual(ids);
  });

  it('refuses a target without a key', () => {
    expect(() => selected('web', 'pillar')).toThrow(TargetError);
    expect(() => selected('web', 'pillar')).toThrow("Pillar target 'web' needs a key");
    expect(() => selected('role|web', 'pillar_pcre', { delimiter: ':' })).toThrow("Pillar PCRE target 'role|web' needs a key");
  });
});
