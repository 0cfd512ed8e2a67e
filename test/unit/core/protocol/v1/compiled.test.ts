import fs from 'node:fs';
import path from 'node:path';
import { generateCompiled } from '@brine/core/protocol/v1/generate';

const REPO = path.join(__dirname, '../../../../..');

test('compiled.ts is what the schemas give (npm run build regenerates it)', () => {
  const committed = fs.readFileSync(path.join(REPO, 'packages/core/src/protocol/v1/compiled.ts'), 'utf8');
  expect(committed).toBe(generateCompiled());
});
