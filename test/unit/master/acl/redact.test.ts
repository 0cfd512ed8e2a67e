import { REDACTED } from '@brine/core/redact';
import { redactArgs } from '@brine/master/acl/redact';

test('secret keywords are hidden, whatever their case, and Salt\'s __pub_ keywords dropped', () => {
  const kwarg = { password: 'p', PASSWD: 'p', client_secret: 's', auth_token: 't', api_key: 'k', PRIVATE_PEM: 'x', name: 'nginx', __pub_user: 'root', __pub_jid: '1' };
  expect(redactArgs([], kwarg).kwarg).toEqual({
    password: REDACTED, PASSWD: REDACTED, client_secret: REDACTED, auth_token: REDACTED, api_key: REDACTED, PRIVATE_PEM: REDACTED, name: 'nginx',
  });
});

test('name=value positionals with a secret name are redacted; other positionals are kept', () => {
  expect(redactArgs(['mysql --password=hunter2 -u root', 'token=abc', 'name=web', 42, null], {}).arg).toEqual([
    `mysql --password=${REDACTED} -u root`, `token=${REDACTED}`, 'name=web', 42, null,
  ]);
});

test('keywords packed into the positionals lose Salt\'s markers and their secrets; nested maps and lists are walked', () => {
  const arg = [{ __kwarg__: true, __pub_fun: 'x', user: 'bob', password: 'p' }, [{ db: { secret: 's', host: 'h' } }]];
  expect(redactArgs(arg, { opts: { nested: [{ key: 'k', keep: 1 }] } })).toEqual({
    arg: [{ user: 'bob', password: REDACTED }, [{ db: { secret: REDACTED, host: 'h' } }]],
    kwarg: { opts: { nested: [{ key: REDACTED, keep: 1 }] } },
  });
});

test('data nested past the depth bound is hidden whole; the inputs are not changed', () => {
  let deep: unknown = { password: 'p' };
  for (let i = 0; i < 100_000; i++) deep = [deep];
  const kwarg = { deep, password: 'p' };
  const out = redactArgs([deep], kwarg);
  let v: unknown = out.arg[0];
  let depth = 0;
  while (Array.isArray(v)) [v, depth] = [v[0], depth + 1];
  expect(v).toBe(REDACTED);
  expect(depth).toBeLessThan(40);
  expect(kwarg.password).toBe('p');
});
