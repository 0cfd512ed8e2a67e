/**
 * Every test a template may use (`x is name`): Jinja2 3.1's builtins and
 * Salt 3006's, by name; Salt's replace Jinja's of the same name, as
 * salt/utils/templates.py updates the environment's tests.
 */
import type { TestFn } from '../filters/types';
import { JINJA_TESTS } from './jinja';
import { SALT_TESTS } from './salt';

/** The tests, by the name templates use. */
export const TESTS: ReadonlyMap<string, TestFn> = new Map<string, TestFn>([...JINJA_TESTS, ...SALT_TESTS]);
