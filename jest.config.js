/**
 * Two jest projects: `unit` (pure logic, fast, many workers) and `integration`
 * (real master and minion processes on 127.0.0.1 ephemeral ports; run from the
 * built dist/ output, so `npm test` builds first).
 */
const moduleNameMapper = {
  '^@brine/core/(.*)$': '<rootDir>/packages/core/src/$1',
  '^@brine/master/(.*)$': '<rootDir>/packages/master/src/$1',
  '^@brine/minion/(.*)$': '<rootDir>/packages/minion/src/$1',
  '^@brine/cli/(.*)$': '<rootDir>/packages/cli/src/$1',
  '^@brine/modules/(.*)$': '<rootDir>/modules/$1',
  '^@brine/states/(.*)$': '<rootDir>/states/$1',
};
const transform = {
  '^.+\\.ts$': ['ts-jest', { tsconfig: 'test/tsconfig.json' }],
};
module.exports = {
  projects: [
    {
      displayName: 'unit',
      testMatch: ['<rootDir>/test/unit/**/*.test.ts'],
      moduleNameMapper,
      transform,
      testEnvironment: 'node',
    },
    {
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.int.test.ts'],
      moduleNameMapper,
      transform,
      testEnvironment: 'node',
    },
  ],
  maxWorkers: 2,
  // Integration tests start real daemons; unit tests never come near this.
  testTimeout: 60000,
};
