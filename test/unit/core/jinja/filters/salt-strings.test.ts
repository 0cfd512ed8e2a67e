import { Undefined } from '@brine/core/jinja/runtime/values';
import { err, f, r } from './context';

describe("Salt's text filters", () => {
  test.each<[string, unknown, unknown[], Record<string, unknown>, string]>([
    ['quote', 'a b', [], {}, "\"'a b'\""],
    ['quote', 'abc-_./@%+=:,', [], {}, "'abc-_./@%+=:,'"],
    ['quote', '', [], {}, '"\'\'"'],
    ['path_join', '/srv/salt', ['/formulas', 'a/../b'], {}, "'/srv/salt/formulas/b'"],
    ['path_join', 'a', ['b/'], {}, "'a/b'"],
    ['path_join', '//a/./b/../c/', [], {}, "'//a/c'"],
    ['path_join', '../../a/..', [], {}, "'../..'"],
    ['path_join', '/..', ['x'], { use_posixpath: true }, "'/x'"],
    ['to_snake_case', 'camelCaseHTTPServer', [], {}, "'camel_case_http_server'"],
    ['to_snake_case', 'ABC', [], {}, "'abc'"],
    ['to_camelcase', 'snake_case_TEXT', [], {}, "'snakeCaseText'"],
    ['to_camelcase', 'snake_case', [true], {}, "'SnakeCase'"],
    ['human_to_bytes', '2 KiB', [], {}, '2048'],
    ['human_to_bytes', '1.5M', [], {}, '1572864'],
    ['human_to_bytes', '1kb', [], { handle_metric: true }, '1000'],
    ['human_to_bytes', '1kb', [], {}, '1024'],
    ['human_to_bytes', '5 parsecs', [], {}, '0'],
    ['human_to_bytes', 100, [], {}, '100'],
    ['is_hex', '0x1f', [], {}, 'True'],
    ['is_hex', 'beef', [], {}, 'True'],
    ['is_hex', 'xyz', [], {}, 'False'],
    ['is_hex', 5, [], {}, 'False'],
    ['contains_whitespace', 'a b', [], {}, 'True'],
    ['contains_whitespace', 'ab', [], {}, 'False'],
  ])('%s(%p, %p, %p) is %s', (name, value, args, kwargs, expected) => {
    expect(r(name, value, args, kwargs)).toBe(expected);
  });

  test('quote closes and reopens around a single quote', () => {
    expect(f('quote', "it's")).toBe(`'it'"'"'s'`);
  });

  test('random_str gives size base64 characters', () => {
    expect(f('random_str', 10)).toMatch(/^[A-Za-z0-9+/]{10}$/);
    expect(f('random_str', 32)).toHaveLength(32);
  });

  test.each<[string, () => unknown, string]>([
    ['quote of an int', () => r('quote', 5), "TypeError: expected string or bytes-like object, got 'int'"],
    ['quote of an Undefined', () => r('quote', new Undefined('x')), "UndefinedError: 'x' is undefined"],
    ['path_join of an int', () => r('path_join', 5), "TypeError: expected str, bytes, or bytearray not <class 'int'>"],
    ['path_join with another keyword', () => r('path_join', 'a', [], { x: 1 }), 'SaltInvocationError: The following keyword arguments are not valid: x=1'],
    ['to_snake_case of nothing', () => r('to_snake_case', ''), 'IndexError: string index out of range'],
  ])('%s raises', (_what, fn, expected) => {
    expect(err(fn)).toBe(expected);
  });
});

describe("Salt's hashing and encoding filters", () => {
  test.each<[string, unknown, unknown[], string]>([
    ['uuid', 'example', [], '9ade8beb-355a-50d8-9011-1c99848a7719'],
    ['uuid', 'é', [], '9fb685b4-5430-5a1a-bf15-ae6827ba0997'],
    ['md5', 'hello', [], '5d41402abc4b2a76b9719d911017c592'],
    ['sha1', 'é', [], 'bf15be717ac1b080b4f1c456692825891ff5073d'],
    ['sha256', 'x', [], '2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881'],
    ['base64_encode', 'héllo', [], 'aMOpbGxv'],
    ['base64_decode', 'aMOpbGxv', [], 'héllo'],
    ['base64_decode', 'aGk=\n', [], 'hi'],
    ['hmac_compute', 'msg', ['s'], 'a2034531722b0dcbe6e84fcf4f110643308566e7b90bbecce64ab7073e86469d'],
  ])('%s(%p, %p) is %s', (name, value, args, expected) => {
    expect(f(name, value, args)).toBe(expected);
  });

  test('sha512, hmac, random_hash', () => {
    expect((f('sha512', '') as string).slice(0, 32)).toBe('cf83e1357eefb8bdf1542850d66d8007');
    expect(f('hmac', 'msg', ['s', 'ogNFMXIrDcvm6E/PTxEGQzCFZue5C77M5kq3Bz6GRp0='])).toBe(true);
    expect(f('hmac', 'msg', ['s', 'nope'])).toBe(false);
    expect(f('random_hash', 100)).toMatch(/^[0-9a-f]{32}$/);
    expect(f('rand_str', 100, ['sha256'])).toMatch(/^[0-9a-f]{64}$/);
  });

  test.each<[string, () => unknown, string]>([
    ['md5 of an int', () => f('md5', 5), "TypeError: expected str, bytes, or bytearray not <class 'int'>"],
    ['base64_decode without padding', () => f('base64_decode', 'aGk'), 'binascii.Error: Incorrect padding'],
    ['random_hash of an unknown hash', () => f('random_hash', 5, ['nope']), "AttributeError: module 'hashlib' has no attribute 'nope'"],
    ['uuid of an Undefined', () => f('uuid', new Undefined('x')), "UndefinedError: 'x' is undefined"],
  ])('%s raises', (_what, fn, expected) => {
    expect(err(fn)).toBe(expected);
  });
});
