import { isSecretName, MAX_REDACT_DEPTH, redact, redactCall, redactText, REDACTED } from '@brine/core/redact';

test.each([
  ['password', true], ['PASSWD', true], ['auth_token', true], ['client_secret', true], ['api_key', true], ['DB_PASSWORD', true], ['private_pem', true],
  ['name', false], ['cmd', false], ['timeout', false], ['test', false],
])('isSecretName(%j) is %j', (name, secret) => {
  expect(isSecretName(name)).toBe(secret);
});

test.each([
  ['mysql --password=hunter2 -u root', `mysql --password=${REDACTED} -u root`],
  ["curl -H token='a b c' x", `curl -H token=${REDACTED} x`],
  ['API_KEY="s3cr3t" ./deploy', `API_KEY=${REDACTED} ./deploy`],
  ['openssl --private=k.pem', `openssl --private=${REDACTED}`],
  ['echo name=value', 'echo name=value'],
  ['mysql -p hunter2', 'mysql -p hunter2'],
])('redactText(%j)', (text, out) => {
  expect(redactText(text)).toBe(out);
});

test('redact hides secret-named values at any depth and redacts strings', () => {
  expect(redact({ user: 'me', password: 'hunter2', nested: [{ token: { a: 1 } }, 'secret=x y'] })).toEqual({
    user: 'me',
    password: REDACTED,
    nested: [{ token: REDACTED }, `secret=${REDACTED} y`],
  });
  expect(redact(3)).toBe(3);
});

test('redactCall hides secret positionals by their declared name, secret keywords, and keywords the function does not take', () => {
  const sig = { args: [{ name: 'user', type: 'string' as const, doc: '' }, { name: 'password', type: 'string' as const, doc: '' }] };
  expect(redactCall(['me', 'hunter2'], { pasword: 'hunter2', test: true }, sig)).toEqual({ arg: ['me', REDACTED], kwarg: { pasword: REDACTED, test: true } });
  expect(redactCall(['a', 'b', 'token=x'], { color: 'red', token: 'x' }, { args: [], varargs: true, varkwargs: true })).toEqual({
    arg: ['a', 'b', `token=${REDACTED}`],
    kwarg: { color: 'red', token: REDACTED },
  });
});

test('redact hides a map or list nested deeper than its bound, whole, and keeps what is shallower', () => {
  const nest = (n: number): unknown => (n === 0 ? { user: 'me' } : { a: nest(n - 1) });
  expect(redact(nest(2), 3)).toEqual(nest(2));
  expect(redact(nest(2), 2)).toEqual({ a: { a: REDACTED } });
  expect(redact([[['x']]], 2)).toEqual([[REDACTED]]);
  expect(MAX_REDACT_DEPTH).toBe(32);
});

// Every refused or allowed command's arguments are redacted for the audit log (and a job's for the minion's log):
// a backtracking scan of a 1 MiB argument ran for minutes on the master's event loop (4 s at 64 KiB, quadratic).
test('redacting a long argument takes linear time, however it is made', () => {
  const mib = 1024 * 1024;
  const started = Date.now();
  for (const text of ['x'.repeat(mib), 'password'.repeat(mib / 8), "password='".repeat(mib / 10), '-a=b'.repeat(mib / 4), `${'x'.repeat(mib)}_token=abc`]) {
    redactText(text);
  }
  expect(Date.now() - started).toBeLessThan(3000);
  expect(redactText(`${'x'.repeat(mib)}_token=abc rest`)).toBe(`${'x'.repeat(mib)}_token=${REDACTED} rest`);
});

test.each([
  ['mysql --password=hunter2 -u root', `mysql --password=${REDACTED} -u root`],
  ["a password='two words' b", `a password=${REDACTED} b`],
  ['a token="x y" b', `a token=${REDACTED} b`],
  ["unclosed password='x y", `unclosed password=${REDACTED}'x y`],
  ['k=v api_key=1,2 user=bob', `k=v api_key=${REDACTED} user=bob`],
  ['x=y=password=z', `x=y=password=${REDACTED}`],
  ['a.b-PASSWD.c=1 d', `a.b-PASSWD.c=${REDACTED} d`],
  ['password =x', 'password =x'],
  ['secret=', `secret=${REDACTED}`],
])('redactText(%j) is %j', (text, want) => {
  expect(redactText(text)).toBe(want);
});
