/**
 * Two jest projects, each with its own config:
 * - test/unit/jest.config.js: pure logic, 5 s per test;
 * - test/integration/jest.config.js: real daemons, 60 s per test, built first.
 * `npm run test:unit` / `npm run test:integration` select one of them.
 */
module.exports = {
  projects: ['<rootDir>/test/unit/jest.config.js', '<rootDir>/test/integration/jest.config.js'],
  maxWorkers: 2,
};
