import type { Static, TSchema } from '@sinclair/typebox';
import { INSTANT_PATTERN, LOCAL_DATE_PATTERN, UUID_V7_PATTERN, CURRENCY_PATTERN, DECIMAL_PATTERN } from '@utilia/contracts';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { ValidationFailed, type FieldError } from '../domain/rules';

// One Ajv for every request schema. `verbose` puts the failing schema on each error, for messages.
const ajv = new Ajv({ allErrors: true, strict: true, verbose: true });
addFormats(ajv);
const compiled = new WeakMap<TSchema, ValidateFunction>();

/** What a value of a well-known shape must look like, in words, by the pattern that checks it. */
const PATTERN_HINTS: Record<string, string> = {
  [UUID_V7_PATTERN]: 'must be a UUIDv7',
  [LOCAL_DATE_PATTERN]: 'must be a date YYYY-MM-DD',
  [INSTANT_PATTERN]: 'must be an ISO-8601 UTC instant ending in Z',
  [CURRENCY_PATTERN]: 'must be an ISO 4217 code such as USD',
  [DECIMAL_PATTERN]: 'must be a decimal string such as "12.34"',
};

const FORMAT_HINTS: Record<string, string> = {
  date: 'must be a date YYYY-MM-DD',
  'date-time': 'must be an ISO-8601 UTC instant ending in Z',
  email: 'must be an e-mail address',
};

/** `/contactPoints/0/value` -> `contactPoints[0].value`; the body itself is `body`. */
function fieldOf(instancePath: string, child?: string): string {
  const parts = instancePath
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (child !== undefined) parts.push(child);
  const field = parts.reduce((path, p) => (/^\d+$/.test(p) ? `${path}[${p}]` : path ? `${path}.${p}` : p), '');
  return field || 'body';
}

/** A readable message for one Ajv error; undefined for errors that only repeat another (anyOf, null branches). */
function messageOf(e: ErrorObject): FieldError | undefined {
  const schema = (e.parentSchema ?? {}) as { description?: string; type?: string };
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return { field: fieldOf(e.instancePath, String(params.missingProperty)), message: 'is required' };
    case 'additionalProperties':
      return { field: fieldOf(e.instancePath, String(params.additionalProperty)), message: 'is not a field of this request' };
    case 'anyOf':
    case 'oneOf':
      return undefined;
    case 'type':
      if (schema.type === 'null') return undefined; // the "or null" branch of a nullable value
      if (e.instancePath === '') return { field: 'body', message: 'must be a JSON object' };
      return {
        field: fieldOf(e.instancePath),
        message: `must be ${params.type === 'integer' || params.type === 'array' || params.type === 'object' ? 'an' : 'a'} ${params.type}`,
      };
    case 'pattern':
      return {
        field: fieldOf(e.instancePath),
        message: PATTERN_HINTS[String(params.pattern)] ?? (schema.description ? `must be ${schema.description}` : `must match ${params.pattern}`),
      };
    case 'format':
      return { field: fieldOf(e.instancePath), message: FORMAT_HINTS[String(params.format)] ?? `must be a ${params.format}` };
    case 'enum':
      return { field: fieldOf(e.instancePath), message: `must be one of ${(params.allowedValues as unknown[]).join(', ')}` };
    case 'minLength':
      return { field: fieldOf(e.instancePath), message: params.limit === 1 ? 'must not be empty' : `must have at least ${params.limit} characters` };
    case 'maxLength':
      return { field: fieldOf(e.instancePath), message: `must be at most ${params.limit} characters` };
    case 'minItems':
      return { field: fieldOf(e.instancePath), message: `must have at least ${params.limit} item(s)` };
    case 'maxItems':
      return { field: fieldOf(e.instancePath), message: `must have at most ${params.limit} items` };
    case 'uniqueItems':
      return { field: fieldOf(e.instancePath), message: 'must not repeat a value' };
    default:
      return { field: fieldOf(e.instancePath), message: e.message ?? 'is invalid' };
  }
}

/** The field errors of a value against a schema, one per field (the first found), in the schema's order. */
export function fieldErrors(schema: TSchema, value: unknown): FieldError[] {
  let validate = compiled.get(schema);
  if (!validate) compiled.set(schema, (validate = ajv.compile(schema)));
  if (validate(value)) return [];
  const seen = new Set<string>();
  const errors: FieldError[] = [];
  for (const e of validate.errors ?? []) {
    const error = messageOf(e);
    if (!error || seen.has(error.field)) continue;
    seen.add(error.field);
    errors.push(error);
  }
  return errors.length > 0 ? errors : [{ field: 'body', message: 'is invalid' }];
}

/** Where a field's top-level property stands in the schema, for listing errors in the order of the schema. */
function orderOf(schema: TSchema, field: string): number {
  const names = Object.keys((schema as { properties?: object }).properties ?? {});
  const at = names.indexOf(field.split(/[.[]/)[0]);
  return at < 0 ? names.length : at;
}

/**
 * Reads a request body with its TypeBox schema (the same one the OpenAPI document shows): the value
 * typed by the schema, or {@link ValidationFailed} (answered 400) naming every field at fault,
 * unknown fields included. `rules` adds what a schema cannot say (a field one kind of body
 * requires, a value whose form depends on another): it runs even when the schema found errors, so
 * all of them are reported at once, and must not assume the schema held.
 */
export function parseBody<S extends TSchema>(schema: S, body: unknown, rules?: (body: Static<S>) => FieldError[]): Static<S> {
  const errors = fieldErrors(schema, body);
  if (rules && typeof body === 'object' && body !== null && !Array.isArray(body)) {
    const known = new Set(errors.map((e) => e.field));
    errors.push(...rules(body as Static<S>).filter((e) => !known.has(e.field)));
  }
  if (errors.length > 0) {
    // Stable sort: schema order first, each field's own order kept.
    throw new ValidationFailed(
      errors
        .map((e, i) => ({ e, i, at: orderOf(schema, e.field) }))
        .sort((a, b) => a.at - b.at || a.i - b.i)
        .map((x) => x.e),
    );
  }
  return body as Static<S>;
}
