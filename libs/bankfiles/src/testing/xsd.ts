/**
 * XSD validation for the tests, with libxml2 (the `libxml2-wasm` package). That package is an ES module that loads its
 * WebAssembly with top-level await, which Jest's CommonJS module system cannot import (`import()` fails there without
 * --experimental-vm-modules): the documents go to `xsd-validate.mjs` in a Node process of its own, all in one call.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { PAYMENTS_DIR } from './corpus';

/** The verdict on one document. */
export interface XsdVerdict {
  readonly valid: boolean;
  /** libxml2's messages with their line, when invalid. */
  readonly errors: readonly string[];
}

/** The official schema file of a message (`camt.053.001.02`, `pain.008.001.08`) in fixtures/payments/xsd. */
export const xsdPath = (message: string) => path.join(PAYMENTS_DIR, 'xsd', `${message}.xsd`);

// From src/testing and from dist/testing alike (the script is not compiled).
const VALIDATOR = path.resolve(__dirname, '../../src/testing/xsd-validate.mjs');

/** Validates each document against its XSD (a path); one verdict per request, in order. */
export function validateXsd(requests: ReadonlyArray<{ readonly xsd: string; readonly xml: string }>): XsdVerdict[] {
  const run = spawnSync(process.execPath, [VALIDATOR], {
    input: JSON.stringify(requests),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`xsd-validate.mjs failed (${run.status}): ${run.stderr}`);
  return JSON.parse(run.stdout) as XsdVerdict[];
}
