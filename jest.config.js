/** @type {import('jest').Config} */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Each end-to-end file starts its own Temporal dev server and sandboxes.
  testTimeout: 180_000,
  transform: { '^.+\\.ts$': 'ts-jest' },
  // Quiets the Temporal Runtime's logs to WARN and keeps every entry for tests that inspect them.
  setupFiles: ['<rootDir>/test/setup/runtimeLog.ts'],
};
