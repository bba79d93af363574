import { setTimeout as sleep } from 'node:timers/promises';
import { currentTrace, runWithTrace, startTrace, traceHeadersForOutgoing, withTrace } from './trace-context';
import { parseTraceparent } from './traceparent';

const incoming = {
  id: '01963d4e-6a2b-7c3d-8e4f-5a6b7c8d9e0f',
  correlationId: 'corr-42',
  traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
};

describe('the trace of the work in progress', () => {
  it('is absent outside traced work', () => {
    expect(currentTrace()).toBeUndefined();
  });

  it('handling a message continues its trace in a child span and survives awaits', async () => {
    const seen = await runWithTrace(incoming, async () => {
      await sleep(5);
      await Promise.resolve();
      return currentTrace();
    });
    expect(seen).toMatchObject({ correlationId: 'corr-42', causationId: incoming.id, parentSpanId: '00f067aa0ba902b7' });
    expect(seen?.span.traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(seen?.span.spanId).not.toBe('00f067aa0ba902b7');
    expect(currentTrace()).toBeUndefined();
  });

  it('an event emitted while handling a message carries its trace, correlation and the message as cause', () => {
    const out = runWithTrace(incoming, () => traceHeadersForOutgoing());
    expect(out.correlationId).toBe('corr-42');
    expect(out.causationId).toBe(incoming.id);
    const span = parseTraceparent(out.traceparent);
    expect(span?.traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(span?.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(span?.spanId).not.toBe('00f067aa0ba902b7');
  });

  it('a message without a traceparent starts a new trace but keeps its correlation id', () => {
    const out = runWithTrace({ id: 'm-1', correlationId: 'corr-7' }, () => traceHeadersForOutgoing());
    expect(out).toMatchObject({ correlationId: 'corr-7', causationId: 'm-1' });
    expect(parseTraceparent(out.traceparent)).toBeDefined();
  });

  it('an event written outside any traced work still gets a fresh trace and correlation id', () => {
    const out = traceHeadersForOutgoing();
    expect(parseTraceparent(out.traceparent)).toBeDefined();
    expect(out.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(out).not.toHaveProperty('causationId');
  });

  it('concurrent pieces of work keep their own traces', async () => {
    const a = startTrace({ correlationId: 'a' });
    const b = startTrace({ correlationId: 'b' });
    const results = await Promise.all([
      withTrace(a, async () => {
        await sleep(10);
        return currentTrace()?.correlationId;
      }),
      withTrace(b, async () => {
        await sleep(1);
        return currentTrace()?.correlationId;
      }),
    ]);
    expect(results).toEqual(['a', 'b']);
  });
});
