/**
 * The `integration` project: real master and minion processes on 127.0.0.1
 * ephemeral ports, run from the built dist/ output. globalSetup builds it
 * first (incremental, quick when nothing changed), so
 * `jest --selectProjects integration` tests the sources as they are now.
 */
const base = require('../jest.base');

module.exports = {
  ...base,
  displayName: 'integration',
  testMatch: ['<rootDir>/test/integration/**/*.int.test.ts'],
  globalSetup: '<rootDir>/test/integration/helpers/build.ts',
  setupFilesAfterEnv: ['<rootDir>/test/integration/helpers/setup.ts'],
};
