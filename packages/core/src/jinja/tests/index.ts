/**
 * Every test a template may use (`x is name`): Jinja2 3.1's builtins and
 * Salt 3006's, by name.
 */
import type { TestFn } from '../filters/types';

/** The tests, by the name templates use. */
export const TESTS: ReadonlyMap<string, TestFn> = new Map<string, TestFn>([]);
