// Validates XML documents against XSDs with libxml2 (libxml2-wasm), in its own Node process: the package is an ES
// module with top-level await, which Jest's CommonJS runtime cannot load (see xsd.ts).
// stdin: [{ "xsd": "<path>", "xml": "<document text>" }, ...]; stdout: [{ "valid": true|false, "errors": ["..."] }, ...]
import { readFileSync } from 'node:fs';
import { XmlDocument, XsdValidator } from 'libxml2-wasm';

const requests = JSON.parse(readFileSync(0, 'utf8'));
const validators = new Map();

function validatorFor(xsd) {
  if (!validators.has(xsd)) {
    const schema = XmlDocument.fromBuffer(readFileSync(xsd), { url: xsd });
    validators.set(xsd, { schema, validator: XsdValidator.fromDoc(schema) });
  }
  return validators.get(xsd).validator;
}

const results = requests.map(({ xsd, xml }) => {
  let doc;
  try {
    doc = XmlDocument.fromString(xml);
    validatorFor(xsd).validate(doc);
    return { valid: true, errors: [] };
  } catch (e) {
    const details = Array.isArray(e.details) ? e.details.map((d) => `line ${d.line}: ${d.message.trim()}`) : [String(e.message).trim()];
    return { valid: false, errors: details };
  } finally {
    doc?.dispose();
  }
});
for (const { schema, validator } of validators.values()) {
  validator.dispose();
  schema.dispose();
}
process.stdout.write(JSON.stringify(results));
