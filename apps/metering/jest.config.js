module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'metering',
  rootDir: __dirname,
};
