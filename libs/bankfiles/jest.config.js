module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'bankfiles',
  rootDir: __dirname,
};
