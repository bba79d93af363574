import { execFileSync } from 'child_process';
import * as path from 'path';

const register = path.join(__dirname, '..', 'backbone', 'ts-register.js');
const inPlainNode = (lines: string) => JSON.parse(execFileSync(process.execPath, ['-e', `require(${JSON.stringify(register)});\n${lines}`], { encoding: 'utf8' }));
const codecModule = JSON.stringify(path.join(__dirname, 'fast-codec.ts'));

describe('installFastKafkaCodec', () => {
  it('puts the record codec and the produce request in place of kafkajs\' own in a plain node process, once', () => {
    const out = inPlainNode(`
      const { installFastKafkaCodec } = require(${codecModule});
      const records = require(${JSON.stringify(path.join(__dirname, 'record-codec.ts'))});
      const first = installFastKafkaCodec();
      const second = installFastKafkaCodec();
      const encoder = require('kafkajs/src/protocol/recordBatch/record/v0') === records.encodeRecord;
      const decoder = require('kafkajs/src/protocol/recordBatch/record/v0/decoder') === records.decodeRecord;
      // v7 (what Kafka 4 brokers are asked for) is built on v3: it must come out of the fast encoder.
      const v7 = require('kafkajs/src/protocol/requests/produce/v7/request')({ acks: -1, timeout: 30000, topicData: [] });
      process.stdout.write(JSON.stringify({ first, second, encoder, decoder, v7: v7.apiVersion, fast: v7.encode.toString().includes('encodeProduceRequest') }));`);
    expect(out).toEqual({ first: true, second: true, encoder: true, decoder: true, v7: 7, fast: true });
  });

  it('replaces the producer\'s partition grouping too when it runs before kafkajs loads, as the platform\'s index does', () => {
    const out = inPlainNode(`
      const { installFastKafkaCodec } = require(${codecModule});
      const { groupMessagesPerPartition } = require(${JSON.stringify(path.join(__dirname, 'produce-request.ts'))});
      installFastKafkaCodec();
      require('kafkajs');
      process.stdout.write(JSON.stringify(require('kafkajs/src/producer/groupMessagesPerPartition') === groupMessagesPerPartition));`);
    expect(out).toBe(true);
  });

  it('leaves kafkajs alone once it captured its own codec', () => {
    const out = inPlainNode(`
      require('kafkajs/src/protocol/requests/produce/v4/request');
      process.stdout.write(JSON.stringify(require(${codecModule}).installFastKafkaCodec()));`);
    expect(out).toBe(false);
  });
});
