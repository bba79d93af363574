import { BadRequestException, NotFoundException } from '@nestjs/common';
import { ProblemError, toProblem } from './problem-details.filter';

describe('problem details', () => {
  it('carries the machine-readable code and the reason of a rule violation', () => {
    const p = toProblem(new ProblemError(409, 'agreement-overlaps', 'service point SP-1 already has an active agreement'), '/api/v1/x');
    expect(p).toEqual({
      type: 'about:blank',
      title: 'Conflict',
      status: 409,
      code: 'agreement-overlaps',
      detail: 'service point SP-1 already has an active agreement',
      instance: '/api/v1/x',
      errors: undefined,
    });
  });

  it('maps framework exceptions to a code derived from the status', () => {
    expect(toProblem(new NotFoundException('no such account'))).toMatchObject({ status: 404, code: 'not-found', detail: 'no such account' });
    expect(toProblem(new BadRequestException(['a must be a string', 'b is required']))).toMatchObject({
      status: 400,
      code: 'bad-request',
      detail: 'a must be a string; b is required',
    });
  });

  it('hides the details of unexpected errors', () => {
    expect(toProblem(new Error('password=hunter2 in a stack'))).toEqual({
      type: 'about:blank',
      title: 'Internal server error',
      status: 500,
      code: 'internal-error',
      detail: 'An unexpected error occurred',
      instance: undefined,
    });
  });
});
