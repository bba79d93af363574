import fc from 'fast-check';
import { isUuidV7, uuidv7, uuidv7Time } from './ids';

describe('UUIDv7 ids', () => {
  it('are canonical lower-case version-7 UUIDs with the RFC 9562 variant', () => {
    const id = uuidv7();
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(isUuidV7(id)).toBe(true);
  });

  it('carry the millisecond they were made in', () => {
    const now = Date.UTC(2031, 5, 1, 12, 0, 0, 123);
    expect(uuidv7Time(uuidv7(now))).toBe(now);
  });

  it('made by one process sort in the order they were made, even within one millisecond', () => {
    const ids = Array.from({ length: 20_000 }, () => uuidv7());
    for (let i = 1; i < ids.length; i++) expect(ids[i] > ids[i - 1]).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('keep increasing when the clock steps back', () => {
    const later = uuidv7(Date.UTC(2040, 0, 1));
    const earlier = uuidv7(Date.UTC(2039, 0, 1));
    expect(earlier > later).toBe(true);
    expect(isUuidV7(earlier)).toBe(true);
  });

  it('encode any 48-bit timestamp', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 48 - 1 }), (ms) => {
        const id = uuidv7(ms);
        return isUuidV7(id) && uuidv7Time(id) >= ms;
      }),
    );
  });

  it.each(['0190b5b4-4f3e-4d4b-8c51-0f8e4f9e3a11', '0190B5B4-4F3E-7D4B-8C51-0F8E4F9E3A11', '0190b5b4-4f3e-7d4b-cc51-0f8e4f9e3a11', 'not-an-id', ''])(
    'rejects %j',
    (id) => {
      expect(isUuidV7(id)).toBe(false);
      expect(() => uuidv7Time(id)).toThrow('not a UUIDv7');
    },
  );
});
