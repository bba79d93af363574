import 'reflect-metadata';
import { Controller, Get, Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { AddressInfo } from 'net';
import { setTimeout as sleep } from 'node:timers/promises';
import { JsonLogger } from '../logging/json-logger';
import { currentTrace, traceHeadersForOutgoing } from './trace-context';
import { TracingModule } from './trace.middleware';
import { parseTraceparent } from './traceparent';

@Controller('orders')
class OrdersController {
  @Get()
  async place() {
    await sleep(2);
    return { trace: currentTrace(), outgoing: traceHeadersForOutgoing() };
  }
}

@Module({ imports: [TracingModule], controllers: [OrdersController] })
class TestModule {}

describe('tracing HTTP requests', () => {
  let app: INestApplication;
  let url: string;
  const logs: string[] = [];

  beforeAll(async () => {
    app = await NestFactory.create(TestModule, { logger: new JsonLogger('trace-test', 'debug', (l) => logs.push(l)), abortOnError: false });
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(() => app?.close());

  async function get(headers: Record<string, string> = {}) {
    const res = await fetch(`${url}/orders`, { headers });
    const body = (await res.json()) as {
      trace: { correlationId: string; parentSpanId?: string; span: { traceId: string; spanId: string } };
      outgoing: { traceparent: string; correlationId: string };
    };
    return { res, body };
  }

  it("continues the caller's trace and correlation id into the events a request writes", async () => {
    const { res, body } = await get({ traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', 'x-correlation-id': 'checkout-17' });
    expect(body.trace).toMatchObject({ correlationId: 'checkout-17', parentSpanId: '00f067aa0ba902b7', span: { traceId: '4bf92f3577b34da6a3ce929d0e0e4736' } });
    expect(parseTraceparent(body.outgoing.traceparent)).toMatchObject({ traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: body.trace.span.spanId });
    expect(body.outgoing.correlationId).toBe('checkout-17');
    expect(res.headers.get('x-correlation-id')).toBe('checkout-17');
    expect(parseTraceparent(res.headers.get('traceresponse'))).toEqual(parseTraceparent(body.outgoing.traceparent));
  });

  it('starts a new trace and correlation id for a request that brings none', async () => {
    const { res, body } = await get();
    expect(body.trace.parentSpanId).toBeUndefined();
    expect(res.headers.get('x-correlation-id')).toBe(body.trace.correlationId);
    expect(body.trace.correlationId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('ignores a malformed traceparent and an unsafe correlation id', async () => {
    const { body } = await get({ traceparent: 'garbage', 'x-correlation-id': 'a b\tc<script>' });
    expect(body.trace.parentSpanId).toBeUndefined();
    expect(body.trace.correlationId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('gives each request its own trace', async () => {
    const [a, b] = await Promise.all([get({ 'x-correlation-id': 'one' }), get({ 'x-correlation-id': 'two' })]);
    expect([a.body.trace.correlationId, b.body.trace.correlationId]).toEqual(['one', 'two']);
    expect(a.body.trace.span.traceId).not.toBe(b.body.trace.span.traceId);
  });

  it('registers its middleware without route warnings', () => {
    expect(logs.filter((l) => l.includes('"level":"warn"'))).toEqual([]);
  });
});
