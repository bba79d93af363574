/**
 * A JSON Schema (draft-07, the dialect AsyncAPI 3 schemas extend) as a plain object, for the few schemas
 * that describe no TypeScript data (the CloudEvents headers of the AsyncAPI document). Event and value
 * schemas are TypeBox schemas (`TSchema`), which are JsonSchemas too.
 */
export type JsonSchema = { readonly [keyword: string]: unknown };
