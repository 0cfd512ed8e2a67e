import { AuthenticationError, ProtocolError } from '@brine/core/errors';
import { Tickets, TICKETS_PER_MINION, WINDOW } from '@brine/master/tickets';

test('each number is served once under its ticket; a replay is refused', () => {
  const t = new Tickets();
  const ticket = t.issue();
  t.admit({ ticket, seq: 1 });
  t.admit({ ticket, seq: 2 });
  expect(() => t.admit({ ticket, seq: 2 })).toThrow(ProtocolError);
  expect(() => t.admit({ ticket, seq: 1 })).toThrow('Request 1 was already served or is too old (a replay); refused');
});

test('numbers may arrive out of order within the window, but not below it', () => {
  const t = new Tickets();
  const ticket = t.issue();
  t.admit({ ticket, seq: 5 });
  t.admit({ ticket, seq: 3 });
  t.admit({ ticket, seq: 4 });
  expect(() => t.admit({ ticket, seq: 3 })).toThrow(ProtocolError);
  t.admit({ ticket, seq: 5 + WINDOW });
  expect(() => t.admit({ ticket, seq: 5 })).toThrow(ProtocolError);
  // Never served, but too old to tell: refused as well.
  expect(() => t.admit({ ticket, seq: 2 })).toThrow(ProtocolError);
  t.admit({ ticket, seq: 6 });
});

test('served numbers are remembered across pruning', () => {
  const t = new Tickets();
  const ticket = t.issue();
  for (let seq = 1; seq <= 5 * WINDOW; seq++) t.admit({ ticket, seq });
  for (const seq of [1, WINDOW, 4 * WINDOW + 1, 5 * WINDOW]) expect(() => t.admit({ ticket, seq })).toThrow(ProtocolError);
});

test('tickets are independent, unknown ones are refused, and the oldest is forgotten', () => {
  const t = new Tickets();
  const first = t.issue();
  const second = t.issue();
  t.admit({ ticket: first, seq: 1 });
  t.admit({ ticket: second, seq: 1 });
  expect(() => t.admit({ ticket: new Uint8Array(16), seq: 1 })).toThrow(AuthenticationError);
  // Every ticket in use: the oldest goes first.
  for (let i = 0; i < TICKETS_PER_MINION - 2; i++) t.admit({ ticket: t.issue(), seq: 1 });
  const newest = t.issue();
  expect(() => t.admit({ ticket: first, seq: 2 })).toThrow('Unknown or expired session ticket; authenticate again');
  t.admit({ ticket: second, seq: 2 });
  t.admit({ ticket: newest, seq: 1 });
});

test('tickets issued for authentications nobody follows up do not push out the one in use', () => {
  const t = new Tickets();
  const inUse = t.issue();
  t.admit({ ticket: inUse, seq: 1 });
  // Anyone can replay or craft authentication requests: each makes the master issue a ticket.
  for (let i = 0; i < 10 * TICKETS_PER_MINION; i++) t.issue();
  t.admit({ ticket: inUse, seq: 2 });
  expect(() => t.admit({ ticket: inUse, seq: 2 })).toThrow(ProtocolError);
});
