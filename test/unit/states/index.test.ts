import path from 'node:path';
import { STATES } from '@brine/states/index';
import { stateModule } from '@brine/states/exec/state';
import { describeRegistry } from '../helpers/registry';

describeRegistry('the state registry', {
  dir: path.join(__dirname, '../../../states'),
  entries: STATES,
  // A state runs with state.single; a module's mod_watch is triggered from an SLS.
  example: (key, fun) => (fun === 'mod_watch' ? new RegExp(`^salt '\\*' state\\.sls .*\\b${key}\\.`) : new RegExp(`^salt '\\*' state\\.single ${key}\\.${fun} `)),
});

describe.each(STATES.map((m) => [m.name, m] as const))('state module %s', (_name, mod) => {
  it.each(Object.entries(mod.functions))("%s takes the state's name first", (_fun, def) => {
    expect(def.args[0]).toMatchObject({ name: 'name', required: true });
  });
});

describeRegistry('the state execution module', {
  dir: path.join(__dirname, '../../../states/exec'),
  entries: [stateModule(STATES)],
  example: (key, fun) => new RegExp(`^salt '\\*' ${key}\\.${fun}( |$)`),
});
