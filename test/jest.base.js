/**
 * What both jest projects share: the repository root as <rootDir>, @brine/*
 * imports mapped to the TypeScript sources, and ts-jest with test/tsconfig.json.
 */
const path = require('node:path');

module.exports = {
  rootDir: path.resolve(__dirname, '..'),
  moduleNameMapper: {
    '^@brine/core/(.*)$': '<rootDir>/packages/core/src/$1',
    '^@brine/master/(.*)$': '<rootDir>/packages/master/src/$1',
    '^@brine/minion/(.*)$': '<rootDir>/packages/minion/src/$1',
    '^@brine/cli/(.*)$': '<rootDir>/packages/cli/src/$1',
    '^@brine/modules/(.*)$': '<rootDir>/modules/$1',
    '^@brine/states/(.*)$': '<rootDir>/states/$1',
  },
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json' }],
  },
  testEnvironment: 'node',
};
