import { parseMoratoria } from './exemptions';
import { decideCollections, type AccountFacts, type CollectionsPolicy, type OpenCase } from './collections-step';

const policy: CollectionsPolicy = {
  graceDays: 5,
  reminderDays: 7,
  finalNoticeDays: 14,
  disconnectionDays: 10,
  minimumArrears: '25',
  moratoria: parseMoratoria('12-01..02-28'),
  lateFee: { kind: 'percent', percent: '1.5', cap: '10' },
};
const facts = (over: Partial<AccountFacts> = {}): AccountFacts => ({
  currency: 'USD',
  arrears: '200.00',
  oldestDueDate: '2026-03-01',
  lateItems: [{ itemId: 'i1', number: 'INV-1', open: '200.00' }],
  protections: [],
  inArrangement: false,
  case: null,
  ...over,
});
const openCase = (over: Partial<OpenCase> = {}): OpenCase => ({ status: 'open', nextStep: 'reminder', nextDueOn: '2026-03-14', withheld: null, ...over });

describe('the collections step of an account on a date', () => {
  it('within grace nothing happens; past grace a case opens with a late fee per invoice and the reminder due a week later', () => {
    expect(decideCollections(facts(), '2026-03-06', policy)).toMatchObject({ open: null, lateFees: [] });
    const d = decideCollections(facts(), '2026-03-07', policy);
    expect(d.open).toEqual({ next: { step: 'reminder', dueOn: '2026-03-14' } });
    expect(d.lateFees).toEqual([{ itemId: 'i1', number: 'INV-1', open: '200.00', fee: '3.00' }]);
  });

  it('walks reminder, final notice and disconnection, each notice saying to pay by the day before the next step', () => {
    expect(decideCollections(facts({ lateItems: [], case: openCase() }), '2026-03-13', policy).step).toBeNull();
    expect(decideCollections(facts({ lateItems: [], case: openCase() }), '2026-03-14', policy).step).toEqual({
      step: 'reminder',
      payBy: '2026-03-27',
      next: { step: 'final-notice', dueOn: '2026-03-28' },
    });
    const final = decideCollections(facts({ case: openCase({ nextStep: 'final-notice', nextDueOn: '2026-03-28' }) }), '2026-03-30', policy);
    expect(final.step).toEqual({ step: 'final-notice', payBy: '2026-04-08', next: { step: 'disconnection', dueOn: '2026-04-09' } });
    const cut = decideCollections(facts({ case: openCase({ nextStep: 'disconnection', nextDueOn: '2026-04-09' }) }), '2026-04-09', policy);
    expect(cut.step).toEqual({ step: 'disconnection', payBy: null, next: null });
    expect(decideCollections(facts({ case: openCase({ nextStep: null, nextDueOn: null }) }), '2026-05-01', policy).step).toBeNull();
  });

  it('charges a late fee on each further invoice that goes past due while the case is open', () => {
    const d = decideCollections(facts({ lateItems: [{ itemId: 'i2', number: 'INV-2', open: '1000' }], case: openCase() }), '2026-03-10', policy);
    expect(d.lateFees).toEqual([{ itemId: 'i2', number: 'INV-2', open: '1000', fee: '10.00' }]);
    expect(d.step).toBeNull();
  });

  it('a case with nothing past due closes', () => {
    expect(decideCollections(facts({ arrears: '0', case: openCase() }), '2026-03-20', policy).close).toBe(true);
  });

  it('below the minimum arrears no case opens and an open one waits', () => {
    expect(decideCollections(facts({ arrears: '20.00' }), '2026-03-20', policy)).toMatchObject({ open: null, lateFees: [] });
    const d = decideCollections(facts({ arrears: '20.00', case: openCase() }), '2026-03-20', policy);
    expect(d).toMatchObject({ step: null, lateFees: [], withheld: { step: 'reminder', rule: 'below-minimum' } });
  });

  it('a protected customer is never sent a final notice nor asked to be disconnected, and the withholding is said once', () => {
    const due = openCase({ nextStep: 'final-notice', nextDueOn: '2026-03-28' });
    const f = facts({ protections: ['life-support'], case: due });
    expect(decideCollections(f, '2026-03-28', policy)).toMatchObject({ step: null, withheld: { step: 'final-notice', rule: 'customer-protected' } });
    const again = decideCollections({ ...f, case: { ...due, withheld: 'final-notice:customer-protected' } }, '2026-03-29', policy);
    expect(again).toMatchObject({ step: null, withheld: null });
    expect(decideCollections(facts({ protections: ['life-support'], case: openCase() }), '2026-03-14', policy).step?.step).toBe('reminder');
  });

  it('in the winter moratorium the notices go out but the disconnection waits until it ends', () => {
    const notice = decideCollections(facts({ case: openCase({ nextStep: 'final-notice', nextDueOn: '2026-12-10' }) }), '2026-12-10', policy);
    expect(notice.step?.step).toBe('final-notice');
    const f = facts({ case: openCase({ nextStep: 'disconnection', nextDueOn: '2026-12-20' }) });
    expect(decideCollections(f, '2026-12-20', policy)).toMatchObject({ step: null, withheld: { step: 'disconnection', rule: 'moratorium' } });
    expect(decideCollections(f, '2027-03-01', policy).step?.step).toBe('disconnection');
  });

  it('an account under an arrangement, or a case on hold, gets nothing', () => {
    expect(decideCollections(facts({ inArrangement: true }), '2026-04-01', policy)).toMatchObject({ open: null, lateFees: [], step: null });
    expect(decideCollections(facts({ case: openCase({ status: 'on-hold' }) }), '2026-04-01', policy)).toMatchObject({ lateFees: [], step: null });
  });
});
