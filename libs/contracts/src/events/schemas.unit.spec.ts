import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { defaultRegistry } from './index';

// Every event schema is written with TypeBox; these checks hold for the JSON that leaves the process
// (AsyncAPI document, Ajv), whoever writes the next event.

/** The draft-07 keywords the contracts use. Anything else (a TypeBox-only option, a typo) is refused. */
const KEYWORDS = new Set([
  'type',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'enum',
  'const',
  'anyOf',
  'pattern',
  'format',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minimum',
  'maximum',
  'description',
]);

/** Problems in one schema node and below, as `path: problem`. */
function problems(node: unknown, path: string): string[] {
  if (typeof node !== 'object' || node === null) return [];
  if (Array.isArray(node)) return node.flatMap((n, i) => problems(n, `${path}/${i}`));
  const s = node as Record<string, unknown>;
  const found = Object.keys(s)
    .filter((k) => !KEYWORDS.has(k))
    .map((k) => `${path}: unexpected keyword ${k}`);
  if (s.type === 'object') {
    if (s.additionalProperties !== false) found.push(`${path}: object without additionalProperties: false`);
    const props = Object.keys((s.properties ?? {}) as object);
    for (const r of (s.required ?? []) as string[]) if (!props.includes(r)) found.push(`${path}: requires unknown property ${r}`);
  }
  const children = [s.items, s.anyOf, ...Object.values((s.properties ?? {}) as object)];
  const names = ['items', 'anyOf', ...Object.keys((s.properties ?? {}) as object).map((k) => `properties/${k}`)];
  return [...found, ...children.flatMap((c, i) => problems(c, `${path}/${names[i]}`))];
}

describe('every event schema', () => {
  const types = defaultRegistry.all();

  it.each(types.map((t) => [t.type, t] as const))('%s is plain draft-07 JSON with strict objects', (_, t) => {
    const wire = JSON.parse(JSON.stringify(t.schema));
    expect(problems(wire, 'data')).toEqual([]);
    expect(wire.type).toBe('object');
    // What Ajv compiles in strict mode is exactly what the AsyncAPI document shows.
    expect(() => addFormats(new Ajv({ strict: true })).compile(wire)).not.toThrow();
  });
});
