import { logLevel } from 'kafkajs';
import { JsonLogger } from '../logging/json-logger';
import { kafkaLogLevel, kafkaLogs } from './kafka';

/** A log entry as kafkajs' connection writes it when a broker answers a request with an error. */
const response = (api: string, error: string) => ({
  message: `Response ${api}(key: 11, version: 5)`,
  broker: '127.0.0.1:9092',
  clientId: 'customer',
  error,
  correlationId: 3,
  size: 24,
});

describe("kafkajs' logs in the service log", () => {
  it.each([
    ['FindCoordinator', "The coordinator is loading and hence can't process requests for this group"],
    ['JoinGroup', "The coordinator is loading and hence can't process requests for this group"],
    ['FindCoordinator', 'The group coordinator is not available'],
    ['OffsetFetch', 'This is not the correct coordinator for this group'],
    ['SyncGroup', 'The group is rebalancing, so a rejoin is needed'],
    ['JoinGroup', 'The group member needs to have a valid member id before actually entering a consumer group'],
  ])('logs a %s answered "%s" (normal while a group forms; kafkajs retries) as info, not error', (api, error) => {
    expect(kafkaLogLevel(logLevel.ERROR, response(api, error))).toBe('info');
  });

  it('keeps real errors errors, even when they mention the coordinator', () => {
    expect(kafkaLogLevel(logLevel.ERROR, response('Produce', 'This server is not the leader for that topic-partition'))).toBe('error');
    expect(
      kafkaLogLevel(logLevel.ERROR, {
        message: "Crash: KafkaJSNumberOfRetriesExceeded: The coordinator is loading and hence can't process requests for this group",
      }),
    ).toBe('error');
    expect(kafkaLogLevel(logLevel.ERROR, { message: 'Connection error: connect ECONNREFUSED 127.0.0.1:9092' })).toBe('error');
    expect(kafkaLogLevel(logLevel.NOTHING, { message: 'x' })).toBe('error');
  });

  it("keeps kafkajs' other levels", () => {
    expect(kafkaLogLevel(logLevel.WARN, { message: 'The group is rebalancing, re-joining' })).toBe('warn');
    expect(kafkaLogLevel(logLevel.INFO, { message: 'Starting' })).toBe('info');
    expect(kafkaLogLevel(logLevel.DEBUG, { message: 'Request' })).toBe('debug');
  });

  it('writes the entry to the JSON logger with its fields, in the kafkajs context', () => {
    const lines: string[] = [];
    const log = kafkaLogs(new JsonLogger('customer', 'info', (l) => lines.push(l)))(logLevel.WARN);
    const entry = {
      namespace: 'Connection',
      label: 'ERROR',
      level: logLevel.ERROR,
      log: { timestamp: 't', ...response('JoinGroup', "The coordinator is loading and hence can't process requests for this group") },
    };
    log(entry);
    log({ ...entry, log: { timestamp: 't', message: 'Connection timeout', broker: '127.0.0.1:9092' } });
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      expect.objectContaining({
        level: 'info',
        msg: 'Response JoinGroup(key: 11, version: 5)',
        context: 'kafkajs',
        error: expect.stringMatching(/^The coordinator is loading/),
      }),
      expect.objectContaining({ level: 'error', msg: 'Connection timeout', context: 'kafkajs', broker: '127.0.0.1:9092' }),
    ]);
  });
});
