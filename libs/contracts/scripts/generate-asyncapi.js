#!/usr/bin/env node
// Writes libs/contracts/asyncapi.json from the built event registry (run the contracts build first;
// the Nx target `generate-asyncapi` does). With --check it only says whether the file is current.
// The event schemas are TypeBox objects; serializeAsyncApi's JSON.stringify drops TypeBox's symbol keys,
// so the file holds plain JSON Schema, exactly what Ajv checks.
const fs = require('node:fs');
const path = require('node:path');
const { ASYNCAPI_DOCUMENT_PATH, defaultRegistry, generateAsyncApi, serializeAsyncApi } = require('../dist');

const file = path.join(__dirname, '..', '..', '..', ASYNCAPI_DOCUMENT_PATH);
const text = serializeAsyncApi(generateAsyncApi(defaultRegistry));
if (process.argv.includes('--check')) {
  const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  if (current !== text) {
    process.stderr.write(`${ASYNCAPI_DOCUMENT_PATH} is out of date: run npx nx run @utilia/contracts:generate-asyncapi\n`);
    process.exit(1);
  }
} else {
  fs.writeFileSync(file, text);
  process.stderr.write(`wrote ${ASYNCAPI_DOCUMENT_PATH} (${defaultRegistry.all().length} event types)\n`);
}
