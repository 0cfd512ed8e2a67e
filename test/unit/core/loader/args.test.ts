import { bindArgs, parseCliArgs, yamlifyArg } from '@brine/core/loader/args';
import type { FunctionDef } from '@brine/core/loader/define';
import { InvalidArgumentsError, SaltInvocationError } from '@brine/core/errors';

test.each([
  ['1', 1], ['1.5', 1.5], ['true', true], ['None', null], ['[a, b]', ['a', 'b']], ['{a: 1}', { a: 1 }],
  ['hello', 'hello'], ['ls -l # x', 'ls -l # x'], ['  ', '  '], ['20261121162312416306', '20261121162312416306'], ["'quoted'", "'quoted'"],
])('yamlifyArg(%j) gives %j, as Salt', (arg, want) => {
  expect(yamlifyArg(arg)).toEqual(want);
});

test('key=value becomes a keyword argument only when the key is a name', () => {
  expect(parseCliArgs(['echo a=b c', 'cwd=/tmp', 'x==y', 'timeout=5'])).toEqual({ arg: ['echo a=b c', 'x==y'], kwarg: { cwd: '/tmp', timeout: 5 } });
});

const def: FunctionDef = {
  doc: 'd',
  example: 'e',
  args: [
    { name: 'cmd', type: 'string', required: true, doc: '' },
    { name: 'timeout', type: 'number', doc: '' },
    { name: 'env', type: 'dict', default: {}, doc: '' },
  ],
  run: () => null,
};

test('binding follows Python: positionals, keywords, defaults', () => {
  expect(bindArgs('cmd.run', def, ['ls', '5'], {})).toEqual({ cmd: 'ls', timeout: 5, env: {} });
  expect(bindArgs('cmd.run', def, [1], { timeout: 2 })).toEqual({ cmd: '1', timeout: 2, env: {} });
});

test.each([
  [[], {}, InvalidArgumentsError, "missing required argument: 'cmd'"],
  [['a', 1, {}, 'extra'], {}, InvalidArgumentsError, 'takes at most 3 positional arguments (4 given)'],
  [['a'], { cmd: 'b' }, InvalidArgumentsError, "got multiple values for argument 'cmd'"],
  [['a'], { timeout: 'soon' }, InvalidArgumentsError, "argument 'timeout' must be of type number"],
  [['a'], { bogus: 1 }, SaltInvocationError, 'The following keyword arguments are not valid: bogus=1'],
])('bad calls are refused: %j %j', (arg, kwarg, cls, msg) => {
  expect(() => bindArgs('cmd.run', def, arg as unknown[], kwarg)).toThrow(cls);
  expect(() => bindArgs('cmd.run', def, arg as unknown[], kwarg)).toThrow(msg as string);
});
