/** What a call throws, for tests that look at a refusal rather than expect(...).toThrow's message alone. */
import { BankFileError, InvalidInput } from '../errors';

/** The error of class `type` that `run` throws; fails when it throws nothing, rethrows any other error. */
export function thrown<E extends Error>(type: abstract new (...args: never[]) => E, run: () => unknown): E {
  try {
    run();
  } catch (e) {
    if (e instanceof type) return e;
    throw e;
  }
  throw new Error(`nothing was thrown: expected a ${type.name}`);
}

/** The message of the BankFileError `run` throws: why a file cannot be read. */
export const refusalOf = (run: () => unknown) => thrown(BankFileError, run).message;

/** The `field: reason` lines of the InvalidInput `run` throws. */
export const fieldErrorsOf = (run: () => unknown) => thrown(InvalidInput, run).errors.map((f) => `${f.field}: ${f.message}`);
