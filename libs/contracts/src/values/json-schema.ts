/**
 * A JSON Schema (draft-07, the dialect AsyncAPI 3 schemas extend) as a plain object. Schemas are data:
 * they are validated with ajv and copied verbatim into the AsyncAPI document.
 */
export type JsonSchema = { readonly [keyword: string]: unknown };
