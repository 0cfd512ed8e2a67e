import { Undefined } from '@brine/core/jinja/runtime/values';
import { err, r } from './context';

describe('Jinja number filters', () => {
  test.each<[string, unknown, unknown[], Record<string, unknown>, string]>([
    ['abs', -3, [], {}, '3'],
    ['abs', -2.5, [], {}, '2.5'],
    ['int', '42', [], {}, '42'],
    ['int', ' 42 ', [], {}, '42'],
    ['int', '3.5', [], {}, '3'],
    ['int', '1e3', [], {}, '1000'],
    ['int', 3.99, [], {}, '3'],
    ['int', -3.99, [], {}, '-3'],
    ['int', true, [], {}, '1'],
    ['int', 'abc', [], {}, '0'],
    ['int', 'abc', [7], {}, '7'],
    ['int', null, [], {}, '0'],
    ['int', [1], [], {}, '0'],
    ['int', '0x1A', [], { base: 16 }, '26'],
    ['int', '1A', [], { base: 16 }, '26'],
    ['int', '0x1A', [], {}, '0'],
    ['int', '0b101', [0, 0], {}, '5'],
    // int('010', 0) refuses a leading zero; Jinja then tries int(float('010'))
    ['int', '010', [0, 0], {}, '10'],
    ['int', '1_000', [], {}, '1000'],
    ['int', 'nan', [], {}, '0'],
    ['float', '3.5', [], {}, '3.5'],
    // Python prints 0.0: an integral float prints as an int in brine's value model (runtime/values.ts)
    ['float', 'x', [], {}, '0'],
    ['float', 'x', [1.5], {}, '1.5'],
    ['float', null, [], {}, '0'],
    ['float', ' -1e-3 ', [], {}, '-0.001'],
    ['round', 2.5, [], {}, '2'],
    ['round', 3.5, [], {}, '4'],
    ['round', 2.675, [2], {}, '2.67'],
    ['round', 0.125, [2], {}, '0.12'],
    ['round', 1.21, [1], { method: 'ceil' }, '1.3'],
    ['round', 1.29, [1], { method: 'floor' }, '1.2'],
    ['round', 1250, [-2], {}, '1200'],
    ['filesizeformat', 1, [], {}, "'1 Byte'"],
    ['filesizeformat', 999, [], {}, "'999 Bytes'"],
    ['filesizeformat', 1000, [], {}, "'1.0 kB'"],
    // '%.1f' beyond 1e21, where JavaScript's toFixed switches to exponents
    ['filesizeformat', 1e45, [], {}, "'999999999999999868928.0 YB'"],
    ['filesizeformat', 1250, [], {}, "'1.2 kB'"],
    ['filesizeformat', 1350, [], {}, "'1.4 kB'"],
    ['filesizeformat', '2048', [true], {}, "'2.0 KiB'"],
    ['filesizeformat', 3e9, [], {}, "'3.0 GB'"],
    ['filesizeformat', 1e30, [], {}, "'1000000.0 YB'"],
  ])('%s(%p, %p, %p) is %s', (name, value, args, kwargs, expected) => {
    expect(r(name, value, args, kwargs)).toBe(expected);
  });

  test.each<[string, () => unknown, string]>([
    ['abs of a str', () => r('abs', 'x'), "TypeError: bad operand type for abs(): 'str'"],
    ['int of inf', () => r('int', 'inf'), 'OverflowError: cannot convert float infinity to integer'],
    ['int of an Undefined', () => r('int', new Undefined('x')), "UndefinedError: 'x' is undefined"],
    ['float of an Undefined', () => r('float', new Undefined('x')), "UndefinedError: 'x' is undefined"],
    ['int with a bad keyword', () => r('int', '1', [], { bse: 2 }), "TypeError: do_int() got an unexpected keyword argument 'bse'"],
    ['int with too many arguments', () => r('int', '1', [1, 2, 3]), 'TypeError: do_int() takes from 1 to 3 positional arguments but 4 were given'],
    ['round with a bad method', () => r('round', 1, [0, 'up']), 'FilterArgumentError: method must be common, ceil or floor'],
    ['round of a str', () => r('round', 'x'), "TypeError: type str doesn't define __round__ method"],
    ['round to a float precision', () => r('round', 1.25, [1.5]), "TypeError: 'float' object cannot be interpreted as an integer"],
    ['filesizeformat of text', () => r('filesizeformat', 'abc'), "ValueError: could not convert string to float: 'abc'"],
  ])('%s raises', (_what, fn, expected) => {
    expect(err(fn)).toBe(expected);
  });
});
