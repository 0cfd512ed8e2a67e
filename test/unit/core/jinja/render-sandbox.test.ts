/**
 * Templates must never reach JS internals: each attack below must end in an
 * Undefined (StrictUndefined raises when it is used) or a Python error,
 * never a JS object, function or property.
 */
import { failure, render } from './support/render';
import { PyFunction } from '@brine/core/jinja/runtime/values';


const vars = (): Record<string, unknown> => ({
  d: new Map([['k', 1]]),
  l: [1],
  f: new PyFunction('f', () => 1),
  js: { toString: () => 'leak' },
  date: new Date(0),
});

describe('sandbox', () => {
  test.each([
    ["''.constructor", 'str'],
    ["''.constructor.constructor('return process')()", 'str'],
    ['d.constructor', 'dict'],
    ['d.__proto__', 'dict'],
    ['l.__proto__', 'list'],
    ['l.prototype', 'list'],
    ['f.prototype', 'function'],
    ['f.call', 'function'],
    ['f.constructor', 'function'],
    ['range.__globals__', 'function'],
    ["''.__class__", 'str'],
    ["''.__class__.__mro__", 'str'],
    ['d.toString', 'dict'],
    ["''.toString", 'str'],
    ['l.length', 'list'],
    ['date.getTime', 'object'],
    ['lipsum', ''],
    ['process', ''],
    ['require', ''],
    ['constructor', ''],
    ['__proto__', ''],
    ['toString', ''],
  ])('%s is undefined', async (expr, type) => {
    expect(await render(`{{ (${expr}) is defined }}`, vars()).catch((e: { reason: string }) => e.reason)).toMatch(/^False$|is undefined|has no attribute/);
    const message = await failure(`{{ ${expr} }}`, vars());
    expect(message).toMatch(/^UndefinedError: /);
    if (type) expect(message).toContain(`${type} object`);
  });

  test.each([
    ["d['constructor']", "UndefinedError: 'dict object' has no attribute 'constructor'"],
    ["d['__proto__']", "UndefinedError: 'dict object' has no attribute '__proto__'"],
    ["l['constructor']", "UndefinedError: 'list object' has no attribute 'constructor'"],
    ["js.toString()", "UndefinedError: 'object object' has no attribute 'toString'"],
    ['js()', "TypeError: 'object' object is not callable"],
  ])('%s', async (expr, message) => {
    expect(await failure(`{{ ${expr} }}`, vars())).toBe(message);
  });

  test('a dict key named like a JS internal is only ever data', async () => {
    const d = new Map([['__proto__', 'p'], ['constructor', 'c']]);
    expect(await render('{{ d.__proto__ }}{{ d["constructor"] }}{{ d.constructor }}', { d })).toBe('pcc');
  });

  test('a namespace cannot be turned into a JS object', async () => {
    expect(await render('{% set ns = namespace() %}{% set ns.__proto__ = 1 %}{{ ns.__proto__ }}{{ ns.constructor is defined }}')).toBe('1False');
  });
});
