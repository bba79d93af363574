// Shared Jest settings. Workspace libraries are mapped to their sources so tests never need a build.
// ts-jest transpiles each file alone (isolatedModules); type errors are caught by the `build` target.
const path = require('path');

module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: path.join(__dirname, 'tsconfig.spec.json') }],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    '^@utilia/(rating|contracts|platform|greenbutton|bankfiles)$': path.join(__dirname, 'libs/$1/src/index.ts'),
    '^@utilia/(rating|contracts|platform|greenbutton|bankfiles)/(.*)$': path.join(__dirname, 'libs/$1/src/$2'),
  },
  testMatch: ['**/*.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  // Integration tests wait for real brokers and databases.
  testTimeout: 60000,
  // A project may not have tests yet; that is not a failure (the count is printed at the end).
  passWithNoTests: true,
  reporters: ['default', path.join(__dirname, 'tools/run/jest-summary-reporter.js')],
};
