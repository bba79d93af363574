// Lets a plain `node` process (a child of an integration test, the benchmark) run the platform's
// TypeScript sources without a build: `.ts` files are transpiled on load (no type check, like
// ts-jest with isolatedModules), and the workspace libraries resolve to their sources.
//
// Transpiled files are kept in node_modules/.cache/utilia-ts-register, by a hash of their source,
// and the TypeScript compiler is loaded only on a miss. Why: the compiler is the largest thing in
// the heap, and every major GC of a process marks it. Loaded in the benchmark's service and
// consumer processes, it took as much CPU on V8's GC threads as the main thread spent on the work
// being measured. A process whose files are all cached never loads it.
const crypto = require('crypto');
const fs = require('fs');
const Module = require('module');
const path = require('path');

const root = path.resolve(__dirname, '..', '..', '..', '..');
const libs = { '@utilia/contracts': 'libs/contracts/src/index.ts', '@utilia/platform': 'libs/platform/src/index.ts' };
const cacheDir = path.join(root, 'node_modules', '.cache', 'utilia-ts-register');
const compilerOptions = { module: 'CommonJS', target: 'ES2022', esModuleInterop: true, experimentalDecorators: true, emitDecoratorMetadata: true };
// The compiler's version is part of every key (its package.json is small; the compiler is not).
const compilerVersion = require('typescript/package.json').version;

const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return resolve.call(this, libs[request] ? path.join(root, libs[request]) : request, ...rest);
};

let ts;
function transpile(source, filename) {
  ts ??= require('typescript');
  const options = { ...compilerOptions, module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 };
  return ts.transpileModule(source, { fileName: filename, compilerOptions: options }).outputText;
}

require.extensions['.ts'] = (module, filename) => {
  const source = fs.readFileSync(filename, 'utf8');
  // The key covers what the output depends on: the compiler, the options, the path and the source.
  const key = crypto.createHash('sha1').update(`${compilerVersion}\0${JSON.stringify(compilerOptions)}\0${filename}\0`).update(source).digest('hex');
  const cached = path.join(cacheDir, `${key}.js`);
  let output;
  try {
    output = fs.readFileSync(cached, 'utf8');
  } catch {
    output = transpile(source, filename);
    try {
      fs.mkdirSync(cacheDir, { recursive: true });
      // Written aside and renamed, so a process reading it never sees half a file.
      const partial = `${cached}.${process.pid}.tmp`;
      fs.writeFileSync(partial, output);
      fs.renameSync(partial, cached);
    } catch {
      // A read-only tree: transpile every time, as before.
    }
  }
  module._compile(output, filename);
};
