import { SaltRenderError } from '@brine/core/errors';
import { parsePipe, shebangPipe } from '@brine/core/render/pipe';

describe('renderer pipes, as Salt names them', () => {
  test.each([
    ['jinja|yaml', ['jinja', 'yaml']],
    [' jinja | yaml ', ['jinja', 'yaml']],
    ['yaml', ['yaml']],
    ['handlebars|yaml', ['handlebars', 'yaml']],
    ['jinja|json', ['jinja', 'json']],
  ])('%s', (spec, want) => {
    expect(parsePipe(spec, 'web')).toEqual(want);
  });

  test('a renderer brine does not have is a render error naming it and the file', () => {
    expect(() => parsePipe('mako|yaml', 'salt://web.sls')).toThrow(SaltRenderError);
    expect(() => parsePipe('mako|yaml', 'salt://web.sls')).toThrow('The renderer "mako" is not available (brine has: jinja, handlebars, yaml, json)');
  });

  test.each([
    ['#!jinja|yaml\na: 1\n', 'jinja|yaml'],
    ['#!yaml\na: 1\n', 'yaml'],
    ['#! jinja | json\n{}', 'jinja | json'],
    ['#!/bin/sh\necho hi\n', undefined],
    ['a: 1\n#!yaml\n', undefined],
    ['# a comment\n', undefined],
  ])('the shebang of %j', (text, want) => {
    expect(shebangPipe(text)).toBe(want);
  });
});
