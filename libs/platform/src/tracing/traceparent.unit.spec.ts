import { childSpan, formatTraceparent, newTrace, parseTraceparent } from './traceparent';

const example = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

function parsed(header: string) {
  const context = parseTraceparent(header);
  if (!context) throw new Error(`unparsable: ${header}`);
  return context;
}

describe('W3C traceparent', () => {
  it('reads the example from the Trace Context recommendation', () => {
    expect(parseTraceparent(example)).toEqual({ traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', flags: '01' });
  });

  it('writes back what it read', () => {
    expect(formatTraceparent(parsed(example))).toBe(example);
  });

  it.each([
    ['upper-case hex', example.toUpperCase()],
    ['an all-zero trace id', '00-00000000000000000000000000000000-00f067aa0ba902b7-01'],
    ['an all-zero parent id', '00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01'],
    ['the forbidden version ff', 'ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'],
    ['extra fields in version 00', `${example}-extra`],
    ['a short trace id', '00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01'],
    ['nothing', ''],
  ])('treats a header with %s as absent', (_, header) => {
    expect(parseTraceparent(header)).toBeUndefined();
  });

  it('accepts a future version with extra fields, ignoring them', () => {
    expect(parseTraceparent('01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-what-comes-next')).toMatchObject({ spanId: '00f067aa0ba902b7' });
  });

  it('starts a sampled trace with random, non-zero ids', () => {
    const a = newTrace();
    const b = newTrace();
    expect(formatTraceparent(a)).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(parseTraceparent(formatTraceparent(a))).toEqual(a);
    expect(a.traceId).not.toBe(b.traceId);
  });

  it('a child span stays in the trace under a new span id', () => {
    const parent = parsed(example);
    const child = childSpan(parent);
    expect(child.traceId).toBe(parent.traceId);
    expect(child.flags).toBe(parent.flags);
    expect(child.spanId).not.toBe(parent.spanId);
  });
});
