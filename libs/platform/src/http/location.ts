import { Injectable, SetMetadata, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import { map, type Observable } from 'rxjs';

const LOCATION_KEY = 'utilia:location';

/**
 * A route that creates something: its 201 answer carries `Location`, the path (under /api/v1) of
 * what it made, from the route's result, e.g. `@Created((r) => \`customers/${r.customerId}\`)`.
 */
export function Created<R>(pathOf: (result: R) => string): MethodDecorator {
  return SetMetadata(LOCATION_KEY, pathOf);
}

/** Sets `Location` on the 201 answers of routes marked {@link Created}. */
@Injectable()
export class LocationInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const pathOf = this.reflector.get<((result: unknown) => string) | undefined>(LOCATION_KEY, context.getHandler());
    if (!pathOf || context.getType() !== 'http') return next.handle();
    return next.handle().pipe(
      map((result) => {
        const res = context.switchToHttp().getResponse<Response>();
        if (res.statusCode === 201) res.location(`/api/v1/${pathOf(result)}`);
        return result;
      }),
    );
  }
}
