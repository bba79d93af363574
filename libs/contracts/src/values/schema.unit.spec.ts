import { Type, type Static } from '@sinclair/typebox';
import Ajv from 'ajv';
import { UuidV7Schema } from './ids';
import { described, nullable, Strict, StringEnum, TextSchema } from './schema';

/** A schema as it goes on the wire: TypeBox's symbol keys dropped. */
const json = (schema: unknown) => JSON.parse(JSON.stringify(schema));

describe('schema helpers', () => {
  const ajv = new Ajv({ allErrors: true, strict: true });

  it('StringEnum emits a string enum, typed as the union of its values', () => {
    const Kind = StringEnum(['person', 'organisation']);
    const kind: Static<typeof Kind> = 'person';
    expect(json(Kind)).toEqual({ type: 'string', enum: ['person', 'organisation'] });
    expect(ajv.validate(Kind, kind)).toBe(true);
    expect(ajv.validate(Kind, 'robot')).toBe(false);
  });

  it('Strict objects refuse unknown properties and require all but the optional ones', () => {
    const S = Strict({ a: Type.String(), b: Type.Optional(Type.Integer()) });
    expect(json(S)).toEqual({ type: 'object', additionalProperties: false, required: ['a'], properties: { a: { type: 'string' }, b: { type: 'integer' } } });
    expect(ajv.validate(S, { a: 'x' })).toBe(true);
    expect(ajv.validate(S, { a: 'x', c: 1 })).toBe(false);
  });

  it('nullable is an anyOf with null; TextSchema a non-empty bounded string', () => {
    expect(json(nullable(TextSchema(5)))).toEqual({ anyOf: [{ type: 'string', minLength: 1, maxLength: 5 }, { type: 'null' }] });
    expect(ajv.validate(nullable(TextSchema(5)), null)).toBe(true);
    expect(ajv.validate(TextSchema(5), '')).toBe(false);
    expect(ajv.validate(TextSchema(5), '123456')).toBe(false);
  });

  it('described gives a copy its own description and leaves the shared schema alone', () => {
    const accountId = described(UuidV7Schema, 'The account.');
    expect(accountId.description).toBe('The account.');
    expect(UuidV7Schema.description).toBe('A UUID version 7 (RFC 9562), lower case.');
    expect(json(accountId)).toEqual({ ...json(UuidV7Schema), description: 'The account.' });
  });
});
