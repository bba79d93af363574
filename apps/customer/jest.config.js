module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'customer',
  rootDir: __dirname,
};
