// Lets a plain `node` process (a child of an integration test, the benchmark) run the platform's
// TypeScript sources without a build: `.ts` files are transpiled on load (no type check, like
// ts-jest with isolatedModules), and the workspace libraries resolve to their sources.
const fs = require('fs');
const Module = require('module');
const path = require('path');
const ts = require('typescript');

const root = path.resolve(__dirname, '..', '..', '..', '..');
const libs = { '@utilia/contracts': 'libs/contracts/src/index.ts', '@utilia/platform': 'libs/platform/src/index.ts' };

const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return resolve.call(this, libs[request] ? path.join(root, libs[request]) : request, ...rest);
};

require.extensions['.ts'] = (module, filename) => {
  const { outputText } = ts.transpileModule(fs.readFileSync(filename, 'utf8'), {
    fileName: filename,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, experimentalDecorators: true, emitDecoratorMetadata: true },
  });
  module._compile(outputText, filename);
};
