import { execFileSync } from 'child_process';
import { readFileSync } from 'fs';
import { resolve } from 'path';

// The README's event catalog is made from the AsyncAPI document, itself generated from libs/contracts:
// a new or changed event fails here until `node tools/run/event-catalog.mjs --write` is run.
const root = resolve(__dirname, '..', '..');

describe('README', () => {
  it('lists every event type of the AsyncAPI document, as tools/run/event-catalog.mjs makes it', () => {
    expect(() => execFileSync(process.execPath, [resolve(root, 'tools/run/event-catalog.mjs'), '--check'], { stdio: 'pipe' })).not.toThrow();
  });

  it('names every event type once', () => {
    const readme = readFileSync(resolve(root, 'README.md'), 'utf8');
    const doc = JSON.parse(readFileSync(resolve(root, 'libs/contracts/asyncapi.json'), 'utf8'));
    for (const name of Object.keys(doc.components.messages)) expect(readme.split(`| \`${name}\``).length - 1).toBe(1);
  });
});
