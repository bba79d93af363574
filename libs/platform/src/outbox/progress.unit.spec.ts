import { progressOf, type PendingMessage } from './outbox';

const sent = (id: string, listed: number): PendingMessage => ({ id, topic: 't', listed, message: { key: 'k', value: null } });

describe('progressOf: what a published batch did to the outbox', () => {
  it('deletes the rows all of whose events went out, plain messages included', () => {
    expect(progressOf([sent('1', 2), sent('1', 2), sent('2', 1), sent('3', 1)])).toEqual({ done: ['1', '2', '3'], partly: undefined });
  });

  it('keeps the rest of the row the batch ended in', () => {
    expect(progressOf([sent('7', 1), sent('8', 5), sent('8', 5), sent('8', 5)])).toEqual({ done: ['7'], partly: { id: '8', published: 3 } });
  });

  it('does nothing for an empty batch', () => {
    expect(progressOf([])).toEqual({ done: [], partly: undefined });
  });
});
