/** The `unit` project: pure logic, no daemons; every test must finish within 5 s. */
const base = require('../jest.base');

module.exports = {
  ...base,
  displayName: 'unit',
  testMatch: ['<rootDir>/test/unit/**/*.test.ts'],
  setupFilesAfterEnv: ['<rootDir>/test/unit/setup.ts'],
};
