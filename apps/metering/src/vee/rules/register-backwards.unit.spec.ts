import { registerStep } from './register-backwards';

describe('the register-backwards check', () => {
  it('a register that counts up used the difference', () => {
    expect(registerStep(1000n, 1250n, 6, 10_000n)).toEqual({ kind: 'forward', consumption: 250n });
  });

  it('a six-dial register passing 999999 rolls over to 0 and goes on counting', () => {
    expect(registerStep(999_900n, 150n, 6, 10_000n)).toEqual({ kind: 'rollover', consumption: 250n });
  });

  it('a register that drops without wrapping went backwards: a fault for a person to look at', () => {
    expect(registerStep(5000n, 4000n, 6, 10_000n)).toEqual({ kind: 'backwards', drop: 1000n });
  });
});
