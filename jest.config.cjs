/** Unit and integration tests (TypeScript through @swc/jest; typecheck runs separately with tsc). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/shared', '<rootDir>/functions', '<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '<rootDir>/test/e2e/'],
  // cookie@2 is ESM-only and @fastify/cookie import()s it: compile both to CommonJS for jest.
  transformIgnorePatterns: ['/node_modules/(?!(cookie|@fastify/cookie)/)'],
  transform: {
    '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  collectCoverageFrom: ['shared/**/*.ts', 'functions/**/*.ts', '!**/*.test.ts', '!**/dist/**'],
  coverageReporters: ['text-summary', 'json-summary'],
  // docs/domain.md and the foundation issue: the pure domain core carries ≥ 90% line coverage.
  coverageThreshold: {
    './shared/': { lines: 90 },
  },
};
