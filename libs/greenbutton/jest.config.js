module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'greenbutton',
  rootDir: __dirname,
};
