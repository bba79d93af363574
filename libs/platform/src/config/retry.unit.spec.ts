import { backoffDelay, retryUntilReady } from './retry';

describe('retrying a dependency that is down', () => {
  it('doubles the wait after each failure up to a ceiling', () => {
    expect([0, 1, 2, 3, 10].map((n) => backoffDelay(n, 500, 4000))).toEqual([500, 1000, 2000, 4000, 4000]);
  });

  it('logs each failure with its reason and succeeds when the dependency answers', async () => {
    const warnings: string[] = [];
    let calls = 0;
    const result = await retryUntilReady(
      'postgres',
      async () => {
        calls++;
        if (calls < 3) throw new Error('connection refused');
        return 'up';
      },
      { warn: (m) => warnings.push(m), info: () => undefined },
      { initialMs: 1, maxMs: 2 },
    );
    expect(result).toBe('up');
    expect(warnings).toEqual([
      'postgres is not reachable: connection refused; retrying in 1 ms',
      'postgres is not reachable: connection refused; retrying in 2 ms',
    ]);
  });

  it('gives up after the maximum number of attempts when one is set', async () => {
    await expect(
      retryUntilReady(
        'kafka',
        async () => Promise.reject(new Error('no broker')),
        { warn: () => undefined, info: () => undefined },
        {
          initialMs: 1,
          maxAttempts: 2,
        },
      ),
    ).rejects.toThrow('no broker');
  });
});
