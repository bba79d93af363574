import fc from 'fast-check';
import { intArray, textArray } from './sql';

// pg's own conversion of a JS array parameter: the reference ours must match.
const pgLiteral = (require('pg/lib/utils') as { prepareValue(v: unknown): string }).prepareValue;
/**
 * pg writes SQL NULL as `NULL`, our fast path as `null`: the same to PostgreSQL's array parser
 * (unquoted, either case). Only for literals whose strings hold no `null` of their own.
 */
const sameNulls = (literal: string) => literal.replace(/([{,])null(?=[,}])/g, '$1NULL');

describe('textArray (a PostgreSQL array literal of strings)', () => {
  it('writes what pg writes for ids, names and JSON texts', () => {
    const values = [
      '0190b7a2-0000-7000-8000-000000000001',
      'utilia.customer.account-opened.v1',
      '{"a":"b \\"c\\" \\\\ d","n":1.50}',
      '',
      'NULL',
      'a,b{c}',
      null,
    ];
    expect(sameNulls(textArray(values))).toBe(pgLiteral(values));
  });

  it('quotes control characters and surrogates one element at a time, as pg does', () => {
    const values = ['line\nbreak', 'tab\there', 'emoji 😀', 'lone \ud800', 'quote " and \\', null];
    expect(textArray(values)).toBe(pgLiteral(values));
  });

  it('agrees with pg on any strings', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme' })), fc.array(fc.string({ unit: 'binary' })), (printable, anything) => {
        expect(textArray(printable)).toBe(pgLiteral(printable));
        expect(textArray(anything)).toBe(pgLiteral(anything));
      }),
    );
  });
});

describe('intArray (a PostgreSQL array literal of integers)', () => {
  it('writes integers and NULLs, and refuses anything else', () => {
    expect(intArray([1, -2, null, 3])).toBe('{1,-2,NULL,3}');
    expect(intArray([])).toBe('{}');
    expect(() => intArray([1.5])).toThrow('not an integer: 1.5');
    expect(() => intArray([Number.NaN])).toThrow('not an integer');
  });
});
