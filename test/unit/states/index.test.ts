import fs from 'node:fs';
import path from 'node:path';
import { STATES } from '@brine/states/index';

describe('the state registry', () => {
  it('has one module per file, named as its file', () => {
    const files = fs.readdirSync(path.join(__dirname, '../../../states')).filter((f) => f.endsWith('.ts') && f !== 'index.ts' && !f.endsWith('.d.ts'));
    expect(STATES.map((m) => `${m.name}.ts`).sort()).toEqual(files.sort());
  });

  describe.each(STATES.map((m) => [m.name, m] as const))('%s', (_name, mod) => {
    it('documents the module', () => {
      expect(mod.doc.length).toBeGreaterThan(20);
    });

    it.each(Object.entries(mod.functions))('%s has docs, an example and documented args starting with name', (fun, def) => {
      expect(def.doc.length).toBeGreaterThan(20);
      expect(def.example).toMatch(/^salt '\*' state\.(single|sls) /);
      expect(def.example).toContain(fun === 'mod_watch' ? mod.name : `${mod.name}.${fun}`);
      expect(def.args[0]).toMatchObject({ name: 'name', required: true });
      for (const arg of def.args) expect(arg.doc.length).toBeGreaterThan(5);
    });
  });
});
