/**
 * Checks a writer's input against its TypeBox schema (one schema gives the type and the check) and says what is wrong
 * field by field: `transactions[1].amount: must be a decimal string such as "12.34"`.
 */
import { Type, type ObjectOptions, type Static, type TObject, type TProperties, type TSchema, type TUnsafe } from '@sinclair/typebox';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { InvalidInput, type FieldError } from './errors';
import { isBic, isCreditorId, isIban, isRoutingNumber } from './identifiers';

/** An object schema that refuses unknown fields: a typo (`endToEndID`) fails instead of being dropped. */
export function Strict<P extends TProperties>(properties: P, options?: ObjectOptions): TObject<P> {
  return Type.Object(properties, { ...options, additionalProperties: false });
}

/** A string from a fixed list, as `{ type: 'string', enum }`, typed as the union of the values. */
export function OneOf<const T extends readonly string[]>(values: T, description?: string): TUnsafe<T[number]> {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });
}

/** A string matching `pattern`; `hint` is what the error says it must be ("a date YYYY-MM-DD"). */
export function Matching(pattern: string, hint: string, options: { maxLength?: number; description?: string } = {}) {
  return Type.String({ pattern, ...options, [HINT]: hint });
}

/**
 * A string that must pass a named check (`iban`, `bic`, `sepa-creditor-id`, `routing-number`, `calendar-date`); `problem` is the whole
 * error message when it does not ("not an IBAN (…)").
 */
export function Checked(format: keyof typeof FORMATS, problem: string, options: { description?: string } = {}) {
  return Type.String({ format, ...options, [HINT]: problem });
}

const HINT = 'x-hint';

/** True for a real calendar date `YYYY-MM-DD` (not 2026-02-30). */
export function isCalendarDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

const FORMATS = {
  iban: isIban,
  bic: isBic,
  'sepa-creditor-id': isCreditorId,
  'routing-number': isRoutingNumber,
  'calendar-date': isCalendarDate,
} as const;

const ajv = new Ajv({ allErrors: true, strict: true, verbose: true, keywords: [HINT] });
for (const [name, check] of Object.entries(FORMATS)) ajv.addFormat(name, check);
const compiled = new WeakMap<TSchema, ValidateFunction>();

/** `/transactions/1/debtor` + `iban` → `transactions[1].debtor.iban`; the whole input is `input`. */
export function fieldPath(pointer: string, child?: string): string {
  const parts = pointer === '' ? [] : pointer.slice(1).split('/');
  if (child !== undefined) parts.push(child);
  let path = '';
  for (const part of parts) path += /^\d+$/.test(part) ? `[${part}]` : path === '' ? part : `.${part}`;
  return path || 'input';
}

function fieldError(e: ErrorObject): FieldError | undefined {
  const p = e.params as Record<string, unknown>;
  const schema = (e.parentSchema ?? {}) as Record<string, unknown>;
  const at = fieldPath(e.instancePath);
  if (e.keyword === 'required') return { field: fieldPath(e.instancePath, String(p.missingProperty)), message: 'is required' };
  if (e.keyword === 'additionalProperties') return { field: fieldPath(e.instancePath, String(p.additionalProperty)), message: 'is not a field of this input' };
  if (e.keyword === 'format') return { field: at, message: String(schema[HINT] ?? `must be a ${String(p.format)}`) };
  if (e.keyword === 'pattern') return { field: at, message: `must be ${String(schema[HINT] ?? `a string matching ${String(p.pattern)}`)}` };
  if (e.keyword === 'enum') return { field: at, message: `must be one of ${(p.allowedValues as unknown[]).join(', ')}` };
  if (e.keyword === 'type') return { field: at, message: `must be ${/^[aeiou]/.test(String(p.type)) ? 'an' : 'a'} ${String(p.type)}` };
  if (e.keyword === 'minLength' && p.limit === 1) return { field: at, message: 'must not be empty' };
  if (e.keyword === 'maxLength') return { field: at, message: `must be at most ${String(p.limit)} characters` };
  if (e.keyword === 'minItems') return { field: at, message: `must have at least ${String(p.limit)} item(s)` };
  return { field: at, message: e.message ?? 'is not valid' };
}

/**
 * Checks `value` against `schema`, then the rules the schema cannot say (`rules` returns their field errors).
 * Throws {@link InvalidInput} listing every bad field; returns the value typed.
 */
export function checkInput<S extends TSchema>(schema: S, value: unknown, rules: (valid: Static<S>) => FieldError[] = () => []): Static<S> {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  if (!validate(value)) {
    const errors = (validate.errors ?? []).map(fieldError).filter((e): e is FieldError => e !== undefined);
    throw new InvalidInput(errors);
  }
  const broken = rules(value as Static<S>);
  if (broken.length > 0) throw new InvalidInput(broken);
  return value as Static<S>;
}

/** A calendar date `YYYY-MM-DD`. */
export const CalendarDate = (options: { description?: string } = {}) => Checked('calendar-date', 'not a date YYYY-MM-DD', options);
/** An amount: digits with at most two decimals (the value > 0 is checked by the writers). */
export const AMOUNT_PATTERN = '^(0|[1-9]\\d{0,11})(\\.\\d{1,2})?$';
