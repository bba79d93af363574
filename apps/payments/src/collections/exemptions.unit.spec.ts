import { exemptionsOn, moratoriumOn, parseMoratoria, withholding, type ExemptionFacts, type ExemptionSettings } from './exemptions';

const settings: ExemptionSettings = { minimumArrears: '25', moratoria: parseMoratoria('12-01..02-28, 2026-07-14..2026-07-16, 2026-08-03') };
const facts = (over: Partial<ExemptionFacts> = {}): ExemptionFacts => ({ currency: 'USD', arrears: '100.00', protections: [], ...over });

describe('collections exemptions', () => {
  it('a winter period wraps the new year; heat advisory days are single dates or ranges', () => {
    const m = settings.moratoria;
    expect(moratoriumOn(m, '2026-12-01')?.label).toBe('12-01..02-28');
    expect(moratoriumOn(m, '2027-01-15')?.label).toBe('12-01..02-28');
    expect(moratoriumOn(m, '2027-02-28')?.label).toBe('12-01..02-28');
    expect(moratoriumOn(m, '2027-03-01')).toBeUndefined();
    expect(moratoriumOn(m, '2026-11-30')).toBeUndefined();
    expect(moratoriumOn(m, '2026-07-15')?.label).toBe('2026-07-14..2026-07-16');
    expect(moratoriumOn(m, '2026-08-03')?.label).toBe('2026-08-03');
    expect(moratoriumOn(m, '2027-08-03')).toBeUndefined();
    expect(() => parseMoratoria('winter')).toThrow(/12-01..02-28/);
    expect(() => parseMoratoria('2026-07-18..2026-07-14')).toThrow();
    expect(parseMoratoria('none')).toEqual([]);
  });

  it('arrears below the minimum withhold every step', () => {
    const e = exemptionsOn(facts({ arrears: '24.99' }), '2026-05-01', settings);
    expect(e.map((x) => x.rule)).toEqual(['below-minimum']);
    expect(withholding('late-fee', e)?.rule).toBe('below-minimum');
    expect(exemptionsOn(facts({ arrears: '25.00' }), '2026-05-01', settings)).toEqual([]);
  });

  it('a protected customer gets the late fee and the reminder, never a final notice nor a disconnection', () => {
    const e = exemptionsOn(facts({ protections: ['medical', 'life-support'] }), '2026-05-01', settings);
    expect(e).toEqual([{ rule: 'customer-protected', allowsThrough: 'reminder', detail: 'the customer is protected (life-support, medical)' }]);
    expect(withholding('late-fee', e)).toBeUndefined();
    expect(withholding('reminder', e)).toBeUndefined();
    expect(withholding('final-notice', e)?.rule).toBe('customer-protected');
    expect(withholding('disconnection', e)?.rule).toBe('customer-protected');
  });

  it('in a moratorium everything but the disconnection goes ahead', () => {
    const e = exemptionsOn(facts(), '2027-01-10', settings);
    expect(withholding('final-notice', e)).toBeUndefined();
    expect(withholding('disconnection', e)).toMatchObject({ rule: 'moratorium', detail: 'no disconnection in the moratorium 12-01..02-28' });
  });

  it('the strictest exemption is named first', () => {
    const e = exemptionsOn(facts({ arrears: '3', protections: ['vulnerable'] }), '2027-01-10', settings);
    expect(e.map((x) => x.rule)).toEqual(['below-minimum', 'customer-protected', 'moratorium']);
    expect(withholding('disconnection', e)?.rule).toBe('below-minimum');
  });
});
