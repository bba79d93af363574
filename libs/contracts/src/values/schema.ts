import {
  Type,
  type ObjectOptions,
  type SchemaOptions,
  type StringOptions,
  type TNull,
  type TObject,
  type TProperties,
  type TSchema,
  type TString,
  type TUnion,
  type TUnsafe,
} from '@sinclair/typebox';

// Helpers for writing the contracts' schemas with TypeBox. Each one emits plain draft-07 JSON Schema
// (TypeBox's own bookkeeping lives under symbol keys, which Ajv and JSON.stringify ignore), so a schema
// is at once the TypeScript type (`Static<typeof S>`), the Ajv check and the AsyncAPI payload.
// Validate with Ajv plus ajv-formats, as EventRegistry does: TypeBox's `Value.Check` knows neither
// the `date`/`date-time` formats nor the `Unsafe` kind that StringEnum uses.

/**
 * An object schema that rejects unknown properties (`additionalProperties: false`). Every object in
 * the contracts is strict, so a typo or a field from the next version never passes silently.
 * Optional properties are wrapped in `Type.Optional`; the others are required.
 */
export function Strict<P extends TProperties>(properties: P, options?: ObjectOptions): TObject<P> {
  return Type.Object(properties, { ...options, additionalProperties: false });
}

/**
 * A string from a fixed list, emitted as `{ type: 'string', enum: [...] }` and typed as the union of
 * its literals. (TypeBox's `Type.Union(Type.Literal(...))` would emit an `anyOf` of `const`s instead.)
 *
 * @example StringEnum(['person', 'organisation']) // Static: 'person' | 'organisation'
 */
export function StringEnum<const T extends readonly string[]>(values: T, options?: SchemaOptions): TUnsafe<T[number]> {
  return Type.Unsafe<T[number]>({ ...options, type: 'string', enum: [...values] });
}

/** `schema` or JSON null: `{ anyOf: [schema, { type: 'null' }] }`, typed `Static<S> | null`. */
export function nullable<S extends TSchema>(schema: S, options?: SchemaOptions): TUnion<[S, TNull]> {
  return Type.Union([schema, Type.Null()], options);
}

/** A non-empty string of at most `max` characters. */
export function TextSchema(max: number, options?: StringOptions): TString {
  return Type.String({ ...options, minLength: 1, maxLength: max });
}

/**
 * `schema` with its own `description`, for a property whose meaning is more specific than that of its
 * shared schema (an `accountId` is more than "a UUIDv7"). The description ends up in the AsyncAPI document.
 * Returns a copy; the shared schema is left as it is.
 */
export function described<S extends TSchema>(schema: S, description: string): S {
  return { ...schema, description };
}
