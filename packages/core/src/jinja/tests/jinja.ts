/**
 * Jinja2 3.1's builtin tests (jinja2/tests.py), with StrictUndefined's
 * behaviour: `defined`, `undefined`, `none`, the type tests and `sameas`
 * accept an Undefined; tests that compute with it (`odd`, `eq`, `lower`,
 * `iterable`, `in`) raise.
 */
import { binaryOp, contains } from '../runtime/operators';
import { PyFunction, Undefined, isDict, isInt, pyCompare, pyEquals, pyStr } from '../runtime/values';
import { defineTest, p } from '../filters/define';
import { isIterable } from '../filters/iterate';
import { isLower, isUpper } from '../python/chars';
import type { TestFn } from '../filters/types';

/** A one-argument test. */
function unary(fname: string, fn: (value: unknown) => boolean): TestFn {
  return defineTest(fname, [p('value')], (_ctx, [value]) => fn(value));
}

/** A comparison test `a OP b` with Python's operator. */
function binary(fname: string, fn: (a: unknown, b: unknown) => boolean): TestFn {
  return defineTest(fname, [p('a'), p('b')], (_ctx, [a, b]) => fn(a, b));
}

const eq = binary('eq', (a, b) => pyEquals(a, b));
const ne = binary('ne', (a, b) => !pyEquals(a, b));
const lt = binary('lt', (a, b) => pyCompare(a, b, '<') < 0);
const le = binary('le', (a, b) => pyCompare(a, b, '<=') <= 0);
const gt = binary('gt', (a, b) => pyCompare(a, b, '>') > 0);
const ge = binary('ge', (a, b) => pyCompare(a, b, '>=') >= 0);

/** Jinja's tests, by name. */
export const JINJA_TESTS: ReadonlyArray<[string, TestFn]> = [
  ['odd', unary('test_odd', (v) => pyEquals(binaryOp('mod', v, 2), 1))],
  ['even', unary('test_even', (v) => pyEquals(binaryOp('mod', v, 2), 0))],
  ['divisibleby', defineTest('test_divisibleby', [p('value'), p('num')], (_ctx, [v, num]) => pyEquals(binaryOp('mod', v, num), 0))],
  ['defined', unary('test_defined', (v) => !(v instanceof Undefined))],
  ['undefined', unary('test_undefined', (v) => v instanceof Undefined)],
  ['filter', defineTest('test_filter', [p('value')], (ctx, [v]) => typeof v === 'string' && ctx.filter(v) !== undefined)],
  ['test', defineTest('test_test', [p('value')], (ctx, [v]) => typeof v === 'string' && ctx.test(v) !== undefined)],
  ['none', unary('test_none', (v) => v === null || v === undefined)],
  ['boolean', unary('test_boolean', (v) => typeof v === 'boolean')],
  ['false', unary('test_false', (v) => v === false)],
  ['true', unary('test_true', (v) => v === true)],
  ['integer', unary('test_integer', (v) => isInt(v))],
  ['float', unary('test_float', (v) => typeof v === 'number' && !Number.isInteger(v))],
  ['lower', unary('test_lower', (v) => isLower(pyStr(v)))],
  ['upper', unary('test_upper', (v) => isUpper(pyStr(v)))],
  ['string', unary('test_string', (v) => typeof v === 'string')],
  ['mapping', unary('test_mapping', (v) => isDict(v))],
  ['number', unary('test_number', (v) => typeof v === 'number' || typeof v === 'boolean')],
  ['sequence', unary('test_sequence', (v) => typeof v === 'string' || Array.isArray(v) || isDict(v))],
  ['iterable', unary('test_iterable', isIterable)],
  ['callable', unary('callable', (v) => v instanceof PyFunction || v instanceof Undefined)],
  ['sameas', defineTest('test_sameas', [p('value'), p('other')], (_ctx, [v, other]) => v === other || (v === undefined && other === null))],
  // Salt renders with autoescape off and `safe` gives a plain str, so no value is Markup.
  ['escaped', unary('test_escaped', () => false)],
  ['in', defineTest('test_in', [p('value'), p('seq')], (_ctx, [v, seq]) => contains(seq, v))],
  ['==', eq],
  ['eq', eq],
  ['equalto', eq],
  ['!=', ne],
  ['ne', ne],
  ['>', gt],
  ['gt', gt],
  ['greaterthan', gt],
  ['ge', ge],
  ['>=', ge],
  ['<', lt],
  ['lt', lt],
  ['lessthan', lt],
  ['<=', le],
  ['le', le],
];
