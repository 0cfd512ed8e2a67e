import path from 'node:path';
import { moduleKey } from '@brine/core/loader/define';
import { MODULES } from '@brine/modules/index';
import { describeRegistry } from '../helpers/registry';

describeRegistry('the execution module registry', {
  dir: path.join(__dirname, '../../../modules'),
  entries: MODULES,
  example: (key, fun) => new RegExp(`^salt '\\*' ${key}\\.${fun}( |$)`),
});

test('no two execution modules answer to the same name (one would hide the other from sys.list_modules and calls)', () => {
  const keys = MODULES.map(moduleKey);
  expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
});
