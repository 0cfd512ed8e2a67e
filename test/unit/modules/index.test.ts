import path from 'node:path';
import { MODULES } from '@brine/modules/index';
import { describeRegistry } from '../helpers/registry';

describeRegistry('the execution module registry', {
  dir: path.join(__dirname, '../../../modules'),
  entries: MODULES,
  example: (key, fun) => new RegExp(`^salt '\\*' ${key}\\.${fun}( |$)`),
});
