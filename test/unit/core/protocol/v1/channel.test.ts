import { AuthenticationError, CommandExecutionError, NotFoundError, ProtocolError, SaltError, SaltInvocationError } from '@brine/core/errors';
import { channelClient, type Handlers } from '@brine/core/protocol/v1/channel';
import type { Outcome } from '@brine/core/protocol/v1/envelope';
import { StringList, Type } from '@brine/core/protocol/v1/schema';
import { jitChannel } from '../../../helpers/jit';

const ECHO = jitChannel('echo', {
  echo: { request: Type.Object({ text: Type.String() }), reply: Type.String(), doc: 'Return the text.' },
  find: { request: Type.Object({ name: Type.String() }), reply: StringList(), doc: 'Find by name.' },
});

const handlers: Handlers<typeof ECHO.commands, { who: string }> = {
  echo: ({ text }, { who }) => `${who}: ${text}`,
  find: ({ name }) => {
    if (name === 'nobody') throw new NotFoundError(`no one called ${name}`);
    if (name === 'secret') throw new AuthenticationError('who are you?', 'Run as root.');
    if (name === 'bug') throw new TypeError('x is undefined');
    return [name];
  },
};

const errors: Array<[string, string]> = [];
const dispatch = (cmd: string, req: unknown) => ECHO.dispatch(handlers, { cmd, req }, { who: 'me' }, (err, c) => errors.push([c, String(err)]));

test('a checked request reaches its handler with the context; the reply comes back ok', async () => {
  expect(await dispatch('echo', { text: 'hi' })).toEqual({ ok: true, rep: 'me: hi' });
});

test.each([
  ['an unknown command', 'rm_rf', {}, { code: 'invalid', message: 'unknown command "rm_rf"' }],
  ['a prototype name', 'toString', {}, { code: 'invalid', message: 'unknown command "toString"' }],
  ['a request of the wrong shape', 'echo', { text: 1 }, { code: 'invalid', message: "echo: field 'text' is not a string" }],
  ['a handler that finds nothing', 'find', { name: 'nobody' }, { code: 'not_found', message: 'no one called nobody' }],
  ['a refusal with a hint', 'find', { name: 'secret' }, { code: 'auth', message: 'who are you?', hint: 'Run as root.' }],
  ['a bug', 'find', { name: 'bug' }, { code: 'internal', message: 'x is undefined' }],
])('%s comes back as an error with its code, and is reported', async (_name, cmd, req, error) => {
  errors.length = 0;
  expect(await dispatch(cmd, req)).toEqual({ ok: false, error });
  expect(errors).toHaveLength(1);
  expect(errors[0][0]).toBe(cmd);
});

describe('a client derived from the channel', () => {
  const client = channelClient(ECHO, ({ cmd, req }) => dispatch(cmd, req));

  it('has one method per command, resolving to the checked reply', async () => {
    expect(Object.keys(client).sort()).toEqual(['echo', 'find']);
    expect(await client.echo({ text: 'hi' })).toBe('me: hi');
    expect(await client.find({ name: 'x' })).toEqual(['x']);
  });

  it.each([
    ['nobody', NotFoundError, 'no one called nobody'],
    ['secret', AuthenticationError, 'who are you?'],
    ['bug', SaltError, 'x is undefined'],
  ])('rebuilds the error of %s as its class', async (name, cls, message) => {
    const err = await client.find({ name }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(cls);
    expect((err as Error).message).toBe(message);
  });

  it('keeps the hint of an error', async () => {
    const err = (await client.find({ name: 'secret' }).catch((e: unknown) => e)) as SaltError;
    expect(err.hint).toBe('Run as root.');
  });

  it('refuses a reply of the wrong shape', async () => {
    const liar = channelClient(ECHO, async (): Promise<Outcome> => ({ ok: true, rep: 42 }));
    await expect(liar.echo({ text: 'hi' })).rejects.toThrow(new ProtocolError("echo reply: not a string"));
  });

  it('rebuilds invalid as SaltInvocationError and failed as CommandExecutionError', async () => {
    const wire = (code: 'invalid' | 'failed') => channelClient(ECHO, async (): Promise<Outcome> => ({ ok: false, error: { code, message: code } }));
    await expect(wire('invalid').echo({ text: '' })).rejects.toBeInstanceOf(SaltInvocationError);
    await expect(wire('failed').echo({ text: '' })).rejects.toBeInstanceOf(CommandExecutionError);
  });
});
