import fs from 'node:fs';
import path from 'node:path';
import { MODULES } from '@brine/modules/index';

describe('the execution module registry', () => {
  it('names each module as its file', () => {
    for (const mod of MODULES) expect(fs.existsSync(path.join(__dirname, '../../../modules', `${mod.name}.ts`))).toBe(true);
  });

  describe.each(MODULES.map((m) => [m.virtualName ?? m.name, m] as const))('%s', (key, mod) => {
    it('documents the module', () => {
      expect(mod.doc.length).toBeGreaterThan(20);
    });

    it.each(Object.entries(mod.functions))('%s has docs, a CLI example and documented args', (fun, def) => {
      expect(def.doc.length).toBeGreaterThan(10);
      expect(def.example).toMatch(new RegExp(`^salt(-call)? .*\\b${key}\\.`));
      for (const arg of def.args) expect(arg.doc.length).toBeGreaterThan(5);
      expect(fun).toMatch(/^[a-z_]+$/);
    });
  });
});
