/**
 * `npm run gen:protocol` (part of `npm run build` and `npm run typecheck`):
 * write the compiled checks of protocol v1
 * (packages/core/src/protocol/v1/compiled.ts) from the schemas, so running
 * code checks frames without loading TypeBox. Reads the schema sources
 * directly, so it runs before anything is built.
 */
import path from 'node:path';
import { writeCompiled } from '../packages/core/src/protocol/v1/generate';

const file = path.join(__dirname, '../packages/core/src/protocol/v1/compiled.ts');
if (writeCompiled(file)) process.stderr.write(`gen-protocol: wrote ${path.relative(process.cwd(), file)}\n`);
