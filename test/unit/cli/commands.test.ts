import fs from 'node:fs';
import path from 'node:path';
import { COMMANDS } from '@brine/cli/commands/index';

const CLI = path.join(__dirname, '../../../packages/cli');
const tsFiles = (dir: string) => fs.readdirSync(path.join(CLI, dir)).filter((f) => f.endsWith('.ts') && f !== 'index.ts').map((f) => f.slice(0, -3));
const pkg = JSON.parse(fs.readFileSync(path.join(CLI, 'package.json'), 'utf8')) as { bin: Record<string, string> };

describe('the command registry', () => {
  it('holds one command per file of commands/, named as its file, and nothing else', () => {
    expect(COMMANDS.map((c) => c.name).sort()).toEqual(tsFiles('src/commands').sort());
  });

  it('has an executable for each command, in bin/ and in package.json, and no other', () => {
    const names = COMMANDS.map((c) => c.name).sort();
    expect(tsFiles('src/bin').sort()).toEqual(names);
    expect(Object.keys(pkg.bin).sort()).toEqual(names);
    // npm links the committed shim (it exists before `prepare` builds dist/), which runs dist/bin/<name>.js.
    for (const name of names) expect(pkg.bin[name]).toBe('bin/brine-cli.js');
    expect(fs.existsSync(path.join(CLI, 'bin/brine-cli.js'))).toBe(true);
    for (const name of names) expect(fs.existsSync(path.join(CLI, `dist/bin/${name}.js`))).toBe(true);
  });

  it.each(COMMANDS.map((c) => [c.name, c] as const))('%s has a Salt usage line', (name, c) => {
    expect(c.usage).toMatch(new RegExp(`^Usage: ${name} \\[options\\]`));
  });
});
