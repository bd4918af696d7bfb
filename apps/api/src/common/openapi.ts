/**
 * The OpenAPI document, completed from what the server really does so that new routes are
 * documented correctly without extra work:
 *
 * - Error statuses. Every operation gets the statuses its route metadata implies, each with the
 *   one `ErrorBody` schema: 400 when it takes a body, query or path parameters; 401 unless it is
 *   public; 403 when it needs an action from the policy table; 404 when its path has an id or its
 *   body or query names one (a UUID field); 413 when it reads a body; 503 when its controller
 *   reaches the Temporal client. Statuses only the route knows (409, 422, a public route's 401)
 *   are declared on it with `@ApiErrors`.
 * - Request schemas. Constraints come from the class-validator decorators the server enforces
 *   (lengths in code points, patterns, bounds, enums, array sizes, formats, unknown fields
 *   refused), not from hand-written `@ApiProperty` options that could drift; a validated
 *   property without `@ApiProperty` is still documented.
 * - Path ids guarded by `uuidParam()` are `format: uuid`; protected operations name the bearer
 *   scheme.
 */
import {
  applyDecorators,
  type INestApplication,
  ParseUUIDPipe,
  RequestMethod,
  type Type,
} from '@nestjs/common';
import {
  CUSTOM_ROUTE_ARGS_METADATA,
  HTTP_CODE_METADATA,
  METHOD_METADATA,
  PATH_METADATA,
  ROUTE_ARGS_METADATA,
} from '@nestjs/common/constants.js';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
import { ModulesContainer } from '@nestjs/core';
import {
  ApiResponse,
  DECORATORS,
  DocumentBuilder,
  type OpenAPIObject,
  type OperationObject,
  type ParameterObject,
  type ReferenceObject,
  type SchemaObject,
  SwaggerModule,
} from '@nestjs/swagger';
import { Client, Connection } from '@temporalio/client';
import { getMetadataStorage } from 'class-validator';

import { POLICY_KEY, type RoutePolicy } from '../auth/policy.decorator.js';
import { BEST_EFFORT_TEMPORAL } from '../temporal/best-effort.js';
import { ErrorBody } from './api-error.js';
import { BODY_METHODS } from './input-safety.js';
import { HUMAN_TEXT, PROSE_TEXT, TEXT_LENGTH } from './text.js';

/** Error statuses a route can declare with `@ApiErrors`, each with what it means there. */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 503;

const ERROR_REF = { $ref: '#/components/schemas/ErrorBody' };

/**
 * Documents statuses only this route answers (a conflict, a broken rule, a public route's 401),
 * each with the API's error body. The generic ones are added for every route (see above).
 */
export function ApiErrors(statuses: Partial<Record<ErrorStatus, string>>) {
  return applyDecorators(
    ...Object.entries(statuses).map(([status, description]) =>
      ApiResponse({
        status: Number(status),
        description,
        type: ErrorBody,
        // A throttled caller is told when to come back.
        ...(status === '429'
          ? {
              headers: {
                'Retry-After': {
                  description: 'Seconds until the limit resets',
                  schema: { type: 'integer' },
                },
              },
            }
          : {}),
      }),
    ),
  );
}

const GENERIC: Record<Exclude<ErrorStatus, 409 | 422 | 429>, string> = {
  400: 'Invalid input: every bad field is named under `errors`',
  401: 'Not signed in, or the access token is invalid or expired',
  403: 'Your roles do not allow this action',
  404: 'Unknown id, or one outside your units (the two look the same)',
  413: 'The request body is too large',
  503: 'Temporal did not answer in time; nothing was changed',
};

interface Route {
  controller: Type;
  handler: string;
  fn: object;
  method: string;
  policy: RoutePolicy | undefined;
  /** Route arguments by kind: body, query, path parameters, file. */
  args: Array<{ kind: RouteParamtypes; name: string | undefined; type: unknown; uuid: boolean }>;
}

/** Every route of every controller, from Nest's own metadata. */
function discoverRoutes(app: INestApplication): Route[] {
  const routes: Route[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Type;
      const prototype = controller.prototype as Record<string, unknown>;
      for (const handler of Object.getOwnPropertyNames(prototype)) {
        const fn = prototype[handler];
        if (handler === 'constructor' || typeof fn !== 'function') continue;
        if (Reflect.getMetadata(PATH_METADATA, fn) === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, fn) as RequestMethod];
        const policy = (Reflect.getMetadata(POLICY_KEY, fn) ??
          Reflect.getMetadata(POLICY_KEY, controller)) as RoutePolicy | undefined;
        const types = (Reflect.getMetadata('design:paramtypes', prototype, handler) ??
          []) as unknown[];
        const metadata = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, handler) ??
          {}) as Record<string, { index: number; data?: unknown; pipes?: unknown[] }>;
        const args = Object.entries(metadata)
          .filter(([key]) => !key.includes(CUSTOM_ROUTE_ARGS_METADATA))
          .map(([key, arg]) => ({
            kind: Number(key.split(':')[0]),
            name: typeof arg.data === 'string' ? arg.data : undefined,
            type: types[arg.index],
            uuid: (arg.pipes ?? []).some((pipe) => pipe instanceof ParseUUIDPipe),
          }));
        routes.push({ controller, handler, fn, method, policy, args });
      }
    }
  }
  return routes;
}

/**
 * Whether a class reaches the Temporal client through its constructor's dependencies (the
 * types Nest injects), so its routes can answer 503 when Temporal does not answer.
 */
function reachesTemporal(type: unknown, seen = new Set<unknown>()): boolean {
  if (type === Client || type === Connection) return true;
  if (typeof type !== 'function' || seen.has(type)) return false;
  if (Reflect.getMetadata(BEST_EFFORT_TEMPORAL, type) === true) return false;
  seen.add(type);
  const deps = (Reflect.getMetadata('design:paramtypes', type) ?? []) as unknown[];
  return deps.some((dep) => reachesTemporal(dep, seen));
}

type ValidationMetadata = ReturnType<
  ReturnType<typeof getMetadataStorage>['getTargetValidationMetadatas']
>[number];

function isClass(value: unknown): value is Type {
  return typeof value === 'function' && value !== Object && value.prototype !== undefined;
}

// ---- request schemas from class-validator ---------------------------------------------------

interface Derived {
  schema: SchemaObject;
  items: SchemaObject;
  optional: boolean;
}

function addPattern(target: SchemaObject, pattern: string): void {
  if (target.pattern === undefined) target.pattern = pattern;
  else target.allOf = [...(target.allOf ?? []), { pattern }];
}

/** What class-validator enforces on one property, as JSON Schema keywords. */
function derive(metas: ValidationMetadata[]): Derived {
  const storage = getMetadataStorage();
  const derived: Derived = { schema: {}, items: {}, optional: false };
  for (const meta of metas) {
    // ValidateIf says nothing about presence (null-or-value fields use it); IsOptional does.
    if (meta.name === 'isOptional') derived.optional = true;
    if (meta.type !== 'customValidation') continue;
    const name = meta.name ?? storage.getTargetValidatorConstraints(meta.constraintCls)[0]?.name;
    const c = (meta.constraints ?? []) as unknown[];
    const target = meta.each ? derived.items : derived.schema;
    switch (name) {
      case 'isString':
        target.type = 'string';
        break;
      case 'isInt':
        target.type = 'integer';
        break;
      case 'isBoolean':
        target.type = 'boolean';
        break;
      case 'isArray':
        derived.schema.type = 'array';
        break;
      case 'isUuid':
      case 'isUUID':
        target.type = 'string';
        target.format = 'uuid';
        break;
      case 'isEmail':
        target.type = 'string';
        target.format = 'email';
        break;
      case 'isIso8601':
      case 'isISO8601':
        target.type = 'string';
        target.format = 'date-time';
        break;
      case 'matches':
        addPattern(target, c[0] instanceof RegExp ? c[0].source : String(c[0]));
        break;
      case TEXT_LENGTH:
      case 'isLength':
        target.minLength = c[0] as number;
        if (typeof c[1] === 'number') target.maxLength = c[1];
        break;
      case 'minLength':
        target.minLength = c[0] as number;
        break;
      case 'maxLength':
        target.maxLength = c[0] as number;
        break;
      case HUMAN_TEXT:
      case PROSE_TEXT:
        addPattern(target, c[0] as string);
        break;
      case 'min':
        target.minimum = c[0] as number;
        break;
      case 'max':
        target.maximum = c[0] as number;
        break;
      case 'isIn':
        target.enum = [...(c[0] as unknown[])];
        break;
      case 'arrayMinSize':
        derived.schema.minItems = c[0] as number;
        break;
      case 'arrayMaxSize':
        derived.schema.maxItems = c[0] as number;
        break;
    }
  }
  return derived;
}

/** Validation metadata of a DTO class, by property. */
function validationOf(type: Type): Map<string, ValidationMetadata[]> {
  const byProperty = new Map<string, ValidationMetadata[]>();
  for (const meta of getMetadataStorage().getTargetValidationMetadatas(type, '', true, false)) {
    byProperty.set(meta.propertyName, [...(byProperty.get(meta.propertyName) ?? []), meta]);
  }
  return byProperty;
}

/** The nested DTO class swagger knows for a property (`type: Cls`, `() => Cls`, `[Cls]`). */
function nestedType(type: Type, property: string): Type | undefined {
  const options = Reflect.getMetadata(
    DECORATORS.API_MODEL_PROPERTIES,
    type.prototype as object,
    property,
  ) as { type?: unknown } | undefined;
  let nested = options?.type;
  if (typeof nested === 'function' && nested.prototype === undefined)
    nested = (nested as () => unknown)();
  if (Array.isArray(nested)) nested = nested[0];
  return isClass(nested) && validationOf(nested).size > 0 ? nested : undefined;
}

/** Whether a DTO (or one it nests) has a UUID field, i.e. names something that may not exist. */
function referencesIds(type: unknown, seen = new Set<unknown>()): boolean {
  if (!isClass(type) || seen.has(type)) return false;
  seen.add(type);
  for (const [property, metas] of validationOf(type)) {
    if (metas.some((m) => m.name === 'isUuid')) return true;
    if (referencesIds(nestedType(type, property), seen)) return true;
  }
  return false;
}

/** Applies derived keywords to a property schema; `$ref` siblings are ignored in OpenAPI 3.0. */
function merge(target: SchemaObject | ReferenceObject, derived: Derived): void {
  if ('$ref' in target) return;
  Object.assign(target, derived.schema);
  if (Object.keys(derived.items).length > 0) {
    const items = target.items ?? {};
    if (!('$ref' in items)) target.items = { ...items, ...derived.items };
  }
  if (target.type === 'array' && target.items === undefined) target.items = {};
}

/** Constrains a request body schema (and the schemas it nests) in place. */
function constrainBody(document: OpenAPIObject, type: Type, seen: Set<Type>): void {
  if (seen.has(type)) return;
  seen.add(type);
  const schema = document.components?.schemas?.[type.name] as SchemaObject | undefined;
  if (!schema) return;
  // The validation pipe refuses fields it does not know.
  schema.additionalProperties = false;
  schema.properties ??= {};
  const required = new Set(schema.required ?? []);
  for (const [property, metas] of validationOf(type)) {
    const derived = derive(metas);
    const target = (schema.properties[property] ??= {});
    merge(target, derived);
    if (derived.optional) required.delete(property);
    else if (metas.some((m) => m.type === 'isDefined')) required.add(property);
    const nested = nestedType(type, property);
    if (nested) constrainBody(document, nested, seen);
  }
  schema.required = [...required];
  if (schema.required.length === 0) delete schema.required;
}

/** Constrains (and adds) the query parameters a query DTO defines. */
function constrainQuery(operation: OperationObject, type: Type): void {
  const parameters = (operation.parameters ??= []) as ParameterObject[];
  for (const [property, metas] of validationOf(type)) {
    const derived = derive(metas);
    let parameter = parameters.find((p) => p.in === 'query' && p.name === property);
    if (!parameter) {
      parameter = { name: property, in: 'query', required: !derived.optional, schema: {} };
      parameters.push(parameter);
    }
    if (derived.optional) parameter.required = false;
    parameter.schema ??= {};
    merge(parameter.schema, derived);
  }
}

// ---- operations --------------------------------------------------------------------------

function operationsById(document: OpenAPIObject): Map<string, OperationObject> {
  const byId = new Map<string, OperationObject>();
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item) as unknown[]) {
      const op = operation as OperationObject;
      if (op && typeof op === 'object' && typeof op.operationId === 'string') {
        byId.set(op.operationId, op);
      }
    }
  }
  return byId;
}

function completeOperation(document: OpenAPIObject, operation: OperationObject, route: Route) {
  const has = (kind: RouteParamtypes) => route.args.some((a) => a.kind === kind);
  const statuses = new Set<ErrorStatus>();
  const takesBody = BODY_METHODS.has(route.method);
  if (takesBody || has(RouteParamtypes.QUERY) || has(RouteParamtypes.PARAM)) statuses.add(400);
  if (route.policy !== 'public') statuses.add(401);
  if (route.policy !== 'public' && route.policy !== 'authenticated') statuses.add(403);
  // An id in the path, or one the body or query refers to (a parent unit, a person), may be
  // unknown or out of the caller's reach.
  if (has(RouteParamtypes.PARAM) || route.args.some((a) => referencesIds(a.type))) {
    statuses.add(404);
  }
  if (takesBody) statuses.add(413);
  if (reachesTemporal(route.controller)) statuses.add(503);

  for (const status of statuses) {
    operation.responses[status] ??= { description: GENERIC[status as keyof typeof GENERIC] };
  }
  // Declaring only error responses makes swagger drop the success one it would have inferred.
  if (!Object.keys(operation.responses).some((status) => status.startsWith('2'))) {
    const code =
      (Reflect.getMetadata(HTTP_CODE_METADATA, route.fn) as number | undefined) ??
      (route.method === 'POST' ? 201 : 200);
    operation.responses[code] = { description: '' };
  }
  // Every error status, generic or declared, answers the one error body.
  for (const [status, response] of Object.entries(operation.responses)) {
    if (Number(status) < 400 || !response || '$ref' in response) continue;
    response.content ??= { 'application/json': { schema: ERROR_REF } };
  }
  if (route.policy !== 'public') operation.security ??= [{ bearer: [] }];

  for (const arg of route.args) {
    if (arg.kind === RouteParamtypes.PARAM && arg.uuid && arg.name) {
      const parameter = (operation.parameters as ParameterObject[] | undefined)?.find(
        (p) => p.in === 'path' && p.name === arg.name,
      );
      if (parameter) parameter.schema = { type: 'string', format: 'uuid' };
    }
    if (arg.kind === RouteParamtypes.BODY && isClass(arg.type)) {
      constrainBody(document, arg.type, new Set());
    }
    if (arg.kind === RouteParamtypes.QUERY && isClass(arg.type) && !arg.name) {
      constrainQuery(operation, arg.type);
    }
  }
}

/** The API's OpenAPI document, as served at /docs-json. */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Campaign orchestrator API')
      .setDescription(
        'Launch and run discipline education and rectification campaigns (教育整顿). ' +
          'Labels follow Accept-Language: zh-CN (default) or en. Every error answers the ' +
          '`ErrorBody` schema.',
      )
      .setVersion('1')
      .addBearerAuth()
      .build(),
    { extraModels: [ErrorBody] },
  );
  const operations = operationsById(document);
  for (const route of discoverRoutes(app)) {
    const operation = operations.get(`${route.controller.name}_${route.handler}`);
    if (operation) completeOperation(document, operation, route);
  }
  return document;
}
