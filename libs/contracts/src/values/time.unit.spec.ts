import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { InstantSchema, isInstant, isLocalDate, LocalDateSchema } from './time';

const ajv = addFormats(new Ajv());
const localDate = ajv.compile(LocalDateSchema);
const instant = ajv.compile(InstantSchema);

describe('local dates', () => {
  it.each(['2025-01-31', '2024-02-29', '2000-02-29', '1999-12-31'])('%s is a real day', (d) => {
    expect(isLocalDate(d)).toBe(true);
    expect(localDate(d)).toBe(true);
  });

  it.each(['2025-02-29', '1900-02-29', '2025-04-31', '2025-13-01', '2025-00-10', '2025-01-00', '2025-1-5', '2025-01-31T00:00:00Z', '20250131'])(
    '%s is not a local date',
    (d) => {
      expect(isLocalDate(d)).toBe(false);
      expect(localDate(d)).toBe(false);
    },
  );
});

describe('instants', () => {
  it.each(['2025-03-01T08:00:00Z', '2025-03-01T08:00:00.123Z', '2024-02-29T23:59:59.123456789Z'])('%s is an instant in UTC', (t) => {
    expect(isInstant(t)).toBe(true);
    expect(instant(t)).toBe(true);
  });

  it('is what Date#toISOString writes', () => {
    expect(isInstant(new Date().toISOString())).toBe(true);
  });

  it.each([
    '2025-03-01T08:00:00+01:00',
    '2025-03-01T08:00Z',
    '2025-03-01 08:00:00Z',
    '2025-02-30T08:00:00Z',
    '2025-03-01T24:00:00Z',
    '2025-03-01T08:60:00Z',
    '2025-03-01',
  ])('%s is not an instant', (t) => {
    expect(isInstant(t)).toBe(false);
    expect(instant(t)).toBe(false);
  });
});
