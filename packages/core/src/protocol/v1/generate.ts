/**
 * Ahead-of-time compilation of the protocol's checks (TypeBox's
 * TypeCompiler.Code): every message of messages.ts becomes a plain function
 * in compiled.ts, so that running code checks frames without loading TypeBox.
 * `npm run build` regenerates the file (scripts/gen-protocol.ts); a unit test
 * fails when the committed file is not what the schemas give.
 */
import fs from 'node:fs';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { allMessages } from './messages';

/** The first lines of compiled.ts. */
const HEADER = `// @ts-nocheck: TypeBox emits these checks as plain JavaScript.
/**
 * The compiled check of every message of protocol v1, by key (messages.ts).
 * Generated from the schemas by generate.ts (\`npm run build\` runs it); do
 * not edit: change the schema and build.
 */
`;

/** Indent every line of `text` by `n` spaces. */
function indent(text: string, n: number): string {
  return text
    .split('\n')
    .map((line) => (line ? ' '.repeat(n) + line : line))
    .join('\n');
}

/** The source of compiled.ts for the schemas as they are now. */
export function generateCompiled(): string {
  const entries = [...allMessages()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, { schema }]) => `  ${JSON.stringify(key)}: (() => {\n${indent(TypeCompiler.Code(schema, { language: 'javascript' }), 4)}\n  })(),`);
  return `${HEADER}export const COMPILED: Record<string, (value: unknown) => boolean> = {\n${entries.join('\n')}\n};\n`;
}

/**
 * Write {@link generateCompiled} to `file` (the path of compiled.ts) unless it already holds exactly that.
 * @returns true when the file was written
 */
export function writeCompiled(file: string): boolean {
  const text = generateCompiled();
  if (fs.existsSync(file) && fs.readFileSync(file, 'utf8') === text) return false;
  fs.writeFileSync(file, text);
  return true;
}
