/**
 * `npm run gen:protocol` (part of `npm run build`): write the compiled checks
 * of protocol v1 (packages/core/src/protocol/v1/compiled.ts) from the
 * schemas, so running code checks frames without loading TypeBox. Reads the
 * schema sources directly, so it runs before anything is built.
 */
import fs from 'node:fs';
import path from 'node:path';
import { generateCompiled } from '../packages/core/src/protocol/v1/generate';

const file = path.join(__dirname, '../packages/core/src/protocol/v1/compiled.ts');
const text = generateCompiled();
if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== text) {
  fs.writeFileSync(file, text);
  process.stderr.write(`gen-protocol: wrote ${path.relative(process.cwd(), file)}\n`);
}
