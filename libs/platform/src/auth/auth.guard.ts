import { HttpStatus, Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { ProblemError } from '../http/problem-details.filter';
import type { AuthConfig } from './auth-config';
import { PUBLIC_KEY, ROLES_KEY } from './decorators';
import { verifyToken, TokenError } from './jwt';
import type { Principal, Role } from './roles';

/** Injection token of the {@link AuthConfig}. */
export const AUTH_CONFIG = Symbol('AUTH_CONFIG');

/** Problem codes and details the guard answers with. */
export const AuthProblems = {
  missingToken: { code: 'missing-token', detail: 'This route needs an Authorization: Bearer <token> header.' },
  invalidToken: { code: 'invalid-token', detail: 'The bearer token is not valid.' },
  expiredToken: { code: 'token-expired', detail: 'The bearer token has expired.' },
  missingRole: { code: 'missing-role', detail: 'Your token does not grant a role this route needs.' },
  routeNotOpen: { code: 'route-not-authorized', detail: 'This route declares no roles, so nobody may call it.' },
} as const;

/** The request as the guard leaves it: with the verified caller. */
export interface AuthenticatedRequest extends Request {
  principal?: Principal;
}

function bearerToken(req: Request): string | undefined {
  const header = req.headers.authorization;
  if (typeof header !== 'string') return undefined;
  const m = /^Bearer\s+([A-Za-z0-9\-_.~+/]+=*)\s*$/i.exec(header);
  return m ? m[1] : undefined;
}

/**
 * Deny by default: a route is open only if it is {@link Public}, or if it declares {@link Roles} and
 * the caller's verified bearer token holds one of them. 401 problem+json (with `WWW-Authenticate`)
 * for a missing, invalid or expired token; 403 for a token without the role, or a route without roles.
 * Tokens are never logged. Non-HTTP handlers (none today) are not bearer-authenticated.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(AUTH_CONFIG) private readonly config: AuthConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;

    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const res = context.switchToHttp().getResponse<Response>();
    const token = bearerToken(req);
    if (token === undefined) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="utilia"');
      throw new ProblemError(HttpStatus.UNAUTHORIZED, AuthProblems.missingToken.code, AuthProblems.missingToken.detail);
    }
    let principal: Principal;
    try {
      principal = await verifyToken(token, this.config);
    } catch (e) {
      if (!(e instanceof TokenError)) throw e;
      const problem = e.reason === 'expired' ? AuthProblems.expiredToken : AuthProblems.invalidToken;
      res.setHeader('WWW-Authenticate', `Bearer realm="utilia", error="invalid_token", error_description="${problem.detail}"`);
      throw new ProblemError(HttpStatus.UNAUTHORIZED, problem.code, problem.detail);
    }
    req.principal = principal;

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (!roles || roles.length === 0) throw new ProblemError(HttpStatus.FORBIDDEN, AuthProblems.routeNotOpen.code, AuthProblems.routeNotOpen.detail);
    if (!principal.roles.some((r) => roles.includes(r))) {
      throw new ProblemError(HttpStatus.FORBIDDEN, AuthProblems.missingRole.code, `${AuthProblems.missingRole.detail} Needs one of: ${roles.join(', ')}.`);
    }
    return true;
  }
}
