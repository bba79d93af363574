import { Topics, uuidv7 } from '@utilia/contracts';
import { CommandRunner } from '@utilia/platform';
import { describeServiceBoot, eventually, startTestService, testConfig, TopicRecorder, type RunningService } from '@utilia/platform/testing';
import { AppModule } from './app.module';
import { handleSampleCommand } from './sample/sample.handler';

describeServiceBoot('payments', () => testConfig('payments'), AppModule.register);

describe('the payments backbone', () => {
  let service: RunningService;
  const published = new TopicRecorder();

  beforeAll(async () => {
    await published.start(Topics.paymentsEvents);
    service = await startTestService(testConfig('payments'), AppModule.register);
  });
  afterAll(async () => {
    await service?.close();
    await published.stop();
  });

  it('a command appends its events and the outbox relay publishes them on payments.events, keyed and in order', async () => {
    const sampleId = uuidv7();
    const commands = service.app.get(CommandRunner);
    await commands.run((tx) => handleSampleCommand(tx, { type: 'open', sampleId, title: 'first' }));
    await commands.run((tx) => handleSampleCommand(tx, { type: 'close', sampleId, reason: 'done' }));
    expect(await eventually(async () => published.messages.filter((m) => m.subject === sampleId).length === 2, 20_000)).toBe(true);
    expect(published.messages.filter((m) => m.subject === sampleId).map((m) => [m.type, m.key])).toEqual([
      ['utilia.payments.sample-opened.v1', sampleId],
      ['utilia.payments.sample-closed.v1', sampleId],
    ]);
  });
});
