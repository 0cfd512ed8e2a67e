import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '@brine/core/daemon-log';

/** Wait until `file` holds `text` (winston's file transport writes asynchronously). */
async function waitFor(file: string, text: string): Promise<string> {
  for (;;) {
    const body = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    if (body.includes(text)) return body;
    await new Promise((r) => setImmediate(r));
  }
}

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'brine-log-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

test('each transport keeps its own level: the file takes trace while the console takes warnings', async () => {
  const file = path.join(dir, 'master.log');
  const log = createLogger({ name: 'master', level: 'warning', file, fileLevel: 'trace' });
  log.child({ component: 'auth' }).trace('a trace line');
  log.critical('the end');
  const body = await waitFor(file, 'the end');
  expect(body).toMatch(/\[master\]\[\d+\] \[TRACE\s*\] a trace line component=auth/);
});

test('a record below every transport level is dropped, and later records still arrive in order', async () => {
  const file = path.join(dir, 'minion.log');
  const log = createLogger({ name: 'minion', level: 'info', file });
  log.debug('a debug line');
  log.info('an info line');
  log.child({ jid: '1' }).trace('a child trace line');
  log.error('the end');
  const body = await waitFor(file, 'the end');
  expect(body).not.toContain('debug line');
  expect(body).not.toContain('child trace line');
  expect(body.indexOf('an info line')).toBeLessThan(body.indexOf('the end'));
});

test('quiet writes nothing', async () => {
  const file = path.join(dir, 'quiet.log');
  const loud = createLogger({ name: 'loud', level: 'info', file: path.join(dir, 'loud.log') });
  const log = createLogger({ name: 'quiet', level: 'quiet', file });
  log.critical('silenced');
  loud.critical('the end');
  await waitFor(path.join(dir, 'loud.log'), 'the end');
  expect(fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '').toBe('');
});
