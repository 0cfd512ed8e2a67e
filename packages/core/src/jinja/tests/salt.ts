/**
 * The tests Salt 3006 adds or replaces (salt/utils/jinja.py `@jinja_test`,
 * salt/utils/templates.py): `match`, `equalto`, `list`.
 */
import { isTuple, pyEquals } from '../runtime/values';
import { defineTest, p } from '../filters/define';
import { matchGroups } from '../filters/salt-regex';
import type { TestFn } from '../filters/types';

/** Salt's tests, by name (they replace Jinja's of the same name). */
export const SALT_TESTS: ReadonlyArray<[string, TestFn]> = [
  /** `match(txt, rgx, ignorecase=False, multiline=False)`: Python's re.match at the start of `txt`. */
  [
    'match',
    defineTest('test_match', [p('txt'), p('rgx'), p('ignorecase', false), p('multiline', false)], (_ctx, [txt, rgx, ignorecase, multiline]) =>
      matchGroups(txt, rgx, ignorecase, multiline, true) !== null,
    ),
  ],
  /** `equalto(value, other)`: Python's `==`. */
  ['equalto', defineTest('test_equalto', [p('value'), p('other')], (_ctx, [value, other]) => pyEquals(value, other))],
  /** `list(value)`: salt.utils.data.is_list, a list and not a tuple. */
  ['list', defineTest('is_list', [p('value')], (_ctx, [value]) => Array.isArray(value) && !isTuple(value))],
];
