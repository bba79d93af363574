import { applyDecorators, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiResponse } from '@nestjs/swagger';
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { FieldError } from '../domain/rules';
import { parseBody } from './body';
import { ProblemError } from './problem-details.filter';
import { isJson, mediaTypeOf } from './request-pipeline';

/** The problem+json document every error answers with (RFC 9457), as a schema for the OpenAPI document. */
export const ProblemSchema = Type.Object(
  {
    type: Type.String({ description: 'A URI reference that identifies the problem type; `about:blank` when the status says it all.' }),
    title: Type.String({ description: 'The HTTP status in words.' }),
    status: Type.Integer({ description: 'The HTTP status code.' }),
    code: Type.String({ description: 'Machine-readable, stable code of the problem, e.g. `validation-failed` or `service-point-occupied`.' }),
    detail: Type.Optional(Type.String({ description: 'What went wrong, for people.' })),
    instance: Type.Optional(Type.String({ description: 'The path of the request.' })),
    errors: Type.Optional(
      Type.Array(
        Type.Object(
          { field: Type.String({ description: 'The field at fault, e.g. `contactPoints[0].value`.' }), message: Type.String() },
          { additionalProperties: false },
        ),
        {
          description: 'For `validation-failed`: every field at fault.',
        },
      ),
    ),
  },
  { additionalProperties: false, description: 'An RFC 9457 problem document (application/problem+json).' },
);

/** Plain JSON of a TypeBox schema (no symbol keys), as the OpenAPI document takes it. */
export function jsonSchemaOf(schema: TSchema): Record<string, unknown> {
  return JSON.parse(JSON.stringify(schema)) as Record<string, unknown>;
}

/**
 * The request body of a route, read with its TypeBox schema: the parameter is the typed value, or
 * the request is answered 400 naming every field at fault (unknown fields included; `rules` as in
 * `parseBody`). The same schema is the route's request body in the OpenAPI document.
 *
 * @example
 * async register(@ValidBody(RegisterCustomerBody) body: Static<typeof RegisterCustomerBody>) {...}
 */
export function ValidBody<S extends TSchema>(schema: S, options: { description?: string; rules?: (body: Static<S>) => FieldError[] } = {}): ParameterDecorator {
  const read = createParamDecorator((_: unknown, ctx: ExecutionContext): Static<S> => {
    const req = ctx.switchToHttp().getRequest<{ body?: unknown; headers: Record<string, string | undefined> }>();
    if (req.body !== undefined && !isJson(req.headers['content-type'])) throw unsupported(req.headers['content-type'], ['application/json']);
    return parseBody(schema, req.body, options.rules);
  });
  return (target, key, index) => {
    read()(target, key, index);
    if (key === undefined) return;
    const descriptor = Object.getOwnPropertyDescriptor(target, key) as PropertyDescriptor;
    applyDecorators(ApiConsumes('application/json'), ApiBody({ schema: jsonSchemaOf(schema), description: options.description }))(target, key, descriptor);
  };
}

function unsupported(contentType: string | undefined, accepted: readonly string[]): ProblemError {
  return new ProblemError(415, 'unsupported-media-type', `This route reads ${accepted.join(' or ')}, not ${contentType ?? 'a body without a Content-Type'}.`);
}

/**
 * The request body of a route that takes a file (a CSV, an XML document) of one of `types` (some of
 * the platform's FILE_TYPES, up to 10 MiB): the parameter is the file's text, or the request is
 * answered 415 (another media type) or 400 (no body). The OpenAPI document shows the media types.
 */
export function FileBody(types: readonly string[], description: string): ParameterDecorator {
  const read = createParamDecorator((_: unknown, ctx: ExecutionContext): string => {
    const req = ctx.switchToHttp().getRequest<{ body?: unknown; headers: Record<string, string | undefined> }>();
    const type = mediaTypeOf(req.headers['content-type']);
    if (type === undefined && typeof req.body !== 'string')
      throw new ProblemError(400, 'file-required', `This route reads a file (${types.join(', ')}) as its body.`);
    if (type === undefined || !types.includes(type) || typeof req.body !== 'string') throw unsupported(req.headers['content-type'], types);
    if (req.body.length === 0) throw new ProblemError(400, 'file-required', 'The file is empty.');
    return req.body;
  });
  return (target, key, index) => {
    read()(target, key, index);
    if (key === undefined) return;
    const descriptor = Object.getOwnPropertyDescriptor(target, key) as PropertyDescriptor;
    const content = Object.fromEntries(types.map((t) => [t, { schema: { type: 'string' } }]));
    applyDecorators(ApiConsumes(...types), ApiBody({ description, content } as never))(target, key, descriptor);
  };
}

/**
 * What a route answers on success, from the TypeBox schema its return type is `Static` of, for the
 * OpenAPI document (status 200 unless given; 201 for a route that creates something).
 */
export function Answers(schema: TSchema, options: { status?: number; description?: string } = {}): MethodDecorator {
  const status = options.status ?? 200;
  return ApiResponse({
    status,
    description: options.description ?? (status === 201 ? 'Created; `Location` names it.' : 'OK'),
    content: { 'application/json': { schema: jsonSchemaOf(schema) } },
  });
}
