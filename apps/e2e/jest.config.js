// The end-to-end tests: the five built services as processes over the real Kafka and PostgreSQL.
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'e2e',
  rootDir: __dirname,
  testMatch: ['**/*.e2e.spec.ts'],
  // A journey waits on five processes, a broker and a bill run: its steps poll with their own limits.
  testTimeout: 240000,
};
