import { bindArgs, parseCliArgs, yamlifyArg } from '@brine/core/loader/args';
import type { FunctionDef } from '@brine/core/loader/define';
import { InvalidArgumentsError, SaltInvocationError } from '@brine/core/errors';

test.each([
  ['1', 1], ['1.5', 1.5], ['true', true], ['None', null], ['[a, b]', ['a', 'b']], ['{a: 1}', { a: 1 }],
  ['hello', 'hello'], ['ls -l # x', 'ls -l # x'], ['  ', '  '], ['20261121162312416306', '20261121162312416306'],
  // Salt 3006 yamlify_arg with PyYAML's safe_load: YAML 1.1 booleans, quotes removed, bracketless collections kept as text
  ["'quoted'", 'quoted'], ['yes', true], ['off', false], ['a: b', 'a: b'], ['- a', '- a'], ['1_000', '1_000'],
  ['x # [1]', 'x # [1]'], ['[1] # c', [1]], ['!', '!'], ['|', '|'], ['---', '---'], ['a\tb', 'a\tb'], ['~', null],
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
  [[], {}, InvalidArgumentsError, "Passed invalid arguments to cmd.run: run() missing 1 required positional argument: 'cmd'"],
  [['a', 1, {}, 'extra'], {}, InvalidArgumentsError, 'takes at most 3 positional arguments (4 given)'],
  [['a'], { cmd: 'b' }, InvalidArgumentsError, "got multiple values for argument 'cmd'"],
  [['a'], { timeout: 'soon' }, InvalidArgumentsError, "argument 'timeout' must be of type number"],
  [['a'], { bogus: 1 }, SaltInvocationError, 'The following keyword arguments are not valid: bogus'],
])('bad calls are refused: %j %j', (arg, kwarg, cls, msg) => {
  expect(() => bindArgs('cmd.run', def, arg as unknown[], kwarg)).toThrow(cls);
  expect(() => bindArgs('cmd.run', def, arg as unknown[], kwarg)).toThrow(msg as string);
});

describe('None and absent values', () => {
  const typed: FunctionDef = {
    doc: 'd',
    example: 'e',
    args: [
      { name: 'name', type: 'string', required: true, doc: '' },
      { name: 'shell', type: 'boolean', default: true, doc: '' },
      { name: 'cwd', type: 'string', doc: '' },
      { name: 'value', type: 'any', default: '', doc: '' },
    ],
    run: () => null,
  };

  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    ['absent: defaults, or undefined', {}, { shell: true, cwd: undefined, value: '' }],
    ['None for a typed argument with a default: the default', { shell: null }, { shell: true, cwd: undefined, value: '' }],
    ['None for an optional typed argument: undefined', { cwd: null }, { shell: true, cwd: undefined, value: '' }],
    ['None for an `any` argument: None', { value: null }, { shell: true, cwd: undefined, value: null }],
    ['undefined from another module: absent', { shell: undefined, value: undefined }, { shell: true, cwd: undefined, value: '' }],
  ])('%s', (_case, kwarg, want) => {
    expect(bindArgs('m.f', typed, ['x'], kwarg)).toEqual({ name: 'x', ...want });
  });

  it('refuses None for a required typed argument, and an absent one', () => {
    expect(() => bindArgs('m.f', typed, [null], {})).toThrow(new InvalidArgumentsError("Passed invalid arguments to m.f: argument 'name' must be of type string, got null"));
    expect(() => bindArgs('m.f', typed, [], { name: undefined })).toThrow(new InvalidArgumentsError("Passed invalid arguments to m.f: f() missing 1 required positional argument: 'name'"));
  });

  it('keeps None for a required `any` argument', () => {
    const echo: FunctionDef = { doc: 'd', example: 'e', args: [{ name: 'text', type: 'any', required: true, doc: '' }], run: () => null };
    expect(bindArgs('test.echo', echo, [null], {})).toEqual({ text: null });
  });
});

describe('lists', () => {
  const def = (items?: 'string' | 'integer'): FunctionDef => ({ doc: 'd', example: 'e', args: [{ name: 'names', type: 'list', items, doc: '' }], run: () => null });

  it.each<['string' | 'integer' | undefined, unknown, unknown[]]>([
    [undefined, 'a, b,,c', ['a', 'b', 'c']],
    [undefined, ['a', 1, { b: 2 }], ['a', 1, { b: 2 }]],
    [undefined, 5, [5]],
    ['string', [1, 'x', true], ['1', 'x', 'true']],
    ['string', 'root,nobody', ['root', 'nobody']],
    ['integer', '1,2', [1, 2]],
  ])('items %s: %j binds as %j', (items, value, want) => {
    expect(bindArgs('m.f', def(items), [value], {})).toEqual({ names: want });
  });

  it.each<['string' | 'integer', unknown, string]>([
    ['string', ['a', { b: 1 }], `got ["a",{"b":1}]`],
    ['string', ['a', null], `got ["a",null]`],
    ['integer', '1,x', 'got "1,x"'],
  ])('items %s: refuses %j', (items, value, got) => {
    expect(() => bindArgs('m.f', def(items), [value], {})).toThrow(
      new InvalidArgumentsError(`Passed invalid arguments to m.f: argument 'names' must be of type list of ${items}, ${got}`),
    );
  });
});

test('every missing required argument is named, as Python names them', () => {
  const three = { args: ['a', 'b', 'c'].map((name) => ({ name, type: 'string' as const, required: true, doc: name })) };
  expect(() => bindArgs('m.f', three, ['x'], {})).toThrow("Passed invalid arguments to m.f: f() missing 2 required positional arguments: 'b' and 'c'");
  expect(() => bindArgs('m.f', three, [], {})).toThrow("f() missing 3 required positional arguments: 'a', 'b', and 'c'");
  expect(() => bindArgs('m.f', three, [], { b: 'y' })).toThrow("f() missing 2 required positional arguments: 'a' and 'c'");
});
