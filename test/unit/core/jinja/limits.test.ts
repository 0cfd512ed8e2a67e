/**
 * The render limits of runtime/limits.ts, made small here so the tests are
 * quick: statement budget, yielding to the event loop, output size, regex
 * time.
 */
jest.mock('@brine/core/jinja/runtime/limits', () => ({
  ...jest.requireActual('@brine/core/jinja/runtime/limits'),
  MAX_STEPS: 5_000,
  STEPS_PER_YIELD: 100,
  MAX_OUTPUT: 1_000,
  REGEX_TIMEOUT_MS: 50,
}));

import { failure, render } from './support/render';

describe('statements and loop iterations', () => {
  test('a render past the budget fails naming it', async () => {
    await expect(failure('{% for i in range(100) %}{% for j in range(100) %}{% endfor %}{% endfor %}')).resolves.toBe(
      "MemoryError: more than 5000 statements and loop iterations (brine's limit for one render)",
    );
  });

  test('macro calls count too', async () => {
    await expect(failure('{% macro m() %}{% set z = 1 %}{% endmacro %}{% for i in range(10000) %}{% set y = m() %}{% endfor %}')).resolves.toMatch(
      /^MemoryError: more than 5000 statements/,
    );
  });

  test('a long render lets the event loop run', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    try {
      await render('{% for i in range(4000) %}{% endfor %}');
    } finally {
      clearInterval(timer);
    }
    expect(ticks).toBeGreaterThan(0);
  });

  test('a render within the budget is unaffected', async () => {
    await expect(render('{% for i in range(1000) %}{% endfor %}{{ 1 }}')).resolves.toBe('1');
  });
});

describe('output', () => {
  test('printing more than the limit fails naming it', async () => {
    await expect(failure("{% for i in range(200) %}{{ 'abcdef' }}{% endfor %}")).resolves.toBe(
      "MemoryError: an output of more than 1000 characters (brine's limit for one render)",
    );
  });
});

describe('regular expressions', () => {
  const slow = "('a' * 40 ~ '!')";
  test.each([
    [`${slow}|regex_match('(a+)+$')`],
    [`${slow}|regex_search('(a+)+$')`],
    [`${slow}|regex_replace('(a+)+$', 'b')`],
    [`${slow} is match('(a+)+$')`],
    [`[${slow}]|select('match', '(a|aa)+b')|list`],
  ])('%s stops at the time limit', async (expr) => {
    await expect(failure(`{{ ${expr} }}`)).resolves.toBe("TimeoutError: a regular expression ran for more than 50 ms (brine's limit for one search)");
  });

  test('a quick search is unaffected', async () => {
    await expect(render("{{ 'ab12'|regex_search('([a-z]+)(\\\\d+)') }} {{ 'a-b'|regex_replace('-', '+') }}")).resolves.toBe("('ab', '12') a+b");
  });
});
