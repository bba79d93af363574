import { applyDecorators, createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Principal, Role } from './roles';

/** Metadata key of {@link Roles}. */
export const ROLES_KEY = 'utilia:roles';
/** Metadata key of {@link Public}. */
export const PUBLIC_KEY = 'utilia:public';

/**
 * Who may call a route (or every route of a controller): a bearer token holding any one of `roles`.
 * Routes without it (and without {@link Public}) are refused to everyone.
 */
export function Roles(...roles: [Role, ...Role[]]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    SetMetadata(ROLES_KEY, roles),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'No bearer token, or an invalid or expired one (problem+json).' }),
    ApiForbiddenResponse({ description: `The token lacks a role: needs one of ${roles.join(', ')} (problem+json).` }),
  );
}

/** A route anyone may call without a token, such as health probes. Use sparingly. */
export function Public(): MethodDecorator & ClassDecorator {
  return SetMetadata(PUBLIC_KEY, true);
}

/** The request's authenticated caller, as a controller parameter. */
export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal | undefined => {
  return ctx.switchToHttp().getRequest<{ principal?: Principal }>().principal;
});
