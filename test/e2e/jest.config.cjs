/**
 * End-to-end tests: the H5 build in Debian's chromium (playwright-core) against the local
 * host with the sample town, one browser context per person; and the WeChat DevTools specs
 * (skipped without WECHAT_DEVTOOLS_CLI). `npm run test:e2e` builds what they need first.
 */
module.exports = {
  rootDir: '../..',
  testEnvironment: 'node',
  roots: ['<rootDir>/test/e2e'],
  testMatch: ['**/*.e2e.ts'],
  transformIgnorePatterns: ['/node_modules/(?!(cookie|@fastify/cookie)/)'],
  transform: {
    '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  testTimeout: 120_000,
  // Chromium and the host share two cores: one file at a time.
  maxWorkers: 1,
  // Lists every test, so the skipped DevTools specs show their reason in the run's output.
  verbose: true,
};
