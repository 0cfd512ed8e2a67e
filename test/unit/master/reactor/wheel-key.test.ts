import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { KeyAct } from '@brine/master/events/key-events';
import { Pki } from '@brine/master/pki';
import { wheelKey } from '@brine/master/reactor/wheel-key';

let dir: string;
let pki: Pki;
let changes: Array<[string[], KeyAct]>;
const d = () => ({ pki, changed: (ids: string[], act: KeyAct) => void changes.push([ids, act]) });

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wheel-key-'));
  pki = new Pki(dir);
  changes = [];
  for (const id of ['web1', 'web2', 'db1']) pki.write('pending', id, 'key');
  pki.write('rejected', 'web3', 'key');
  pki.write('accepted', 'old', 'key');
});

afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

test('key.accept moves the pending keys a glob matches to accepted, and tells the master what changed', () => {
  expect(wheelKey(d(), 'key.accept', [], { match: 'web*' })).toEqual({ minions: ['web1', 'web2'] });
  expect(pki.list('accepted')).toEqual(['old', 'web1', 'web2']);
  expect(pki.list('rejected')).toEqual(['web3']);
  expect(changes).toEqual([[['web1', 'web2'], 'accept']]);
});

test("match as 'a,b', as a list, or positional; include_rejected adds rejected keys", () => {
  expect(wheelKey(d(), 'key.accept', ['db1,web1'], {}).minions).toEqual(['db1', 'web1']);
  expect(wheelKey(d(), 'key.accept', [], { match: ['web*'], include_rejected: true }).minions).toEqual(['web2', 'web3']);
});

test('key.reject and key.delete; no key matched changes nothing', () => {
  expect(wheelKey(d(), 'key.reject', [], { match: 'db1' }).minions).toEqual(['db1']);
  expect(pki.list('rejected')).toEqual(['db1', 'web3']);
  expect(wheelKey(d(), 'key.delete', [], { match: 'old' }).minions).toEqual(['old']);
  expect(pki.list('accepted')).toEqual([]);
  expect(wheelKey(d(), 'key.accept', [], { match: 'nosuch' }).minions).toEqual([]);
  expect(changes.map(([, act]) => act)).toEqual(['reject', 'delete']);
});

test('other functions, unknown arguments and a missing match are refused', () => {
  expect(() => wheelKey(d(), 'key.gen', [], {})).toThrow("'wheel.key.gen' is not available to the reactor");
  expect(() => wheelKey(d(), 'key.delete', [], { match: '*', include_rejected: true })).toThrow('key.delete does not accept the following kwargs: include_rejected');
  expect(() => wheelKey(d(), 'key.accept', [], {})).toThrow('key.accept is missing the required argument: match');
  expect(() => wheelKey(d(), 'key.accept', [], { match: 3 })).toThrow('match must be a glob');
  expect(pki.list('pending')).toEqual(['db1', 'web1', 'web2']);
});

test("an argument named after an object's built-ins (constructor, toString) is unknown, as any other", () => {
  expect(() => wheelKey(d(), 'key.accept', [], { match: 'web*', constructor: true })).toThrow('key.accept does not accept the following kwargs: constructor');
  expect(() => wheelKey(d(), 'key.delete', ['web1'], { toString: 'x' })).toThrow('key.delete does not accept the following kwargs: toString');
  expect(pki.list('accepted')).toEqual(['old']);
});
