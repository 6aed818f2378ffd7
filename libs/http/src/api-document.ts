import { applyDecorators } from '@nestjs/common';
import { ApiResponse, type OpenAPIObject } from '@nestjs/swagger';
import { getMetadataStorage } from 'class-validator';
import { PROBLEM_CONTENT_TYPE } from './problem.js';
import { TEXT_PATTERNS, textKindOf } from './text-rules.js';
import { DATE_TIME_MAX_LENGTH } from './validators.js';

type Json = Record<string, unknown>;
type Operation = {
  responses?: Record<string, Json>;
  security?: unknown[];
  parameters?: Json[];
  requestBody?: Json;
  [k: string]: unknown;
};

const PROBLEM_REF = { $ref: '#/components/schemas/ProblemDetails' };

/** RFC 9457 problem details plus the field errors the validation pipe adds (see problem.ts). */
export const PROBLEM_DETAILS_SCHEMA = {
  type: 'object',
  description: 'RFC 9457 problem details. Extension members (such as retryAfterSeconds or checks) may be present.',
  required: ['type', 'title', 'status'],
  properties: {
    type: { type: 'string', format: 'uri', description: 'A URI that identifies the problem type.' },
    title: { type: 'string', description: 'A short, human-readable summary of the problem type.' },
    status: { type: 'integer', minimum: 400, maximum: 599, description: 'The HTTP status code.' },
    detail: { type: 'string', description: 'An explanation specific to this occurrence.' },
    instance: { type: 'string', description: 'A URI reference that identifies this occurrence.' },
    correlationId: {
      type: 'string',
      description: 'Quote it when reporting a problem: it finds the request in the logs.',
    },
    errors: {
      type: 'array',
      description: 'Field errors of a request that is not valid (400) or of a rule a value breaks (422).',
      items: {
        type: 'object',
        required: ['field', 'reason'],
        properties: {
          field: {
            type: 'string',
            description: 'The field, as a path such as person.address.postalCode or blocks[2].start.',
          },
          reason: { type: 'string' },
        },
      },
    },
  },
} as const;

const DESCRIPTIONS: Record<number, string> = {
  400: 'The request is not valid: malformed JSON, a missing body, an unknown field or a value that breaks a constraint (see errors).',
  401: 'No valid bearer access token.',
  403: 'The caller may not do this.',
  404: 'No such resource, or not visible to the caller.',
  409: 'The request conflicts with the current state (a business rule, or a concurrent change).',
  413: 'The request body is too large.',
  415: 'The request body is not of a supported media type.',
  422: 'The request is well-formed but a business rule rejects it.',
  429: 'Too many requests; retry after Retry-After seconds.',
  503: 'The service is temporarily unavailable; retry after Retry-After seconds.',
  504: 'An upstream service did not answer in time (distributed mode).',
};

const HEADERS: Record<number, Json> = {
  401: {
    'WWW-Authenticate': {
      description: 'RFC 6750 Bearer challenge, e.g. `Bearer realm="concerto", error="invalid_token"`.',
      required: true,
      schema: { type: 'string' },
    },
  },
  429: {
    'Retry-After': {
      description: 'Seconds to wait before retrying.',
      required: true,
      schema: { type: 'integer', minimum: 0 },
    },
  },
  503: {
    'Retry-After': {
      description: 'Seconds to wait before retrying.',
      required: true,
      schema: { type: 'integer', minimum: 0 },
    },
  },
};

/** A problem+json response description for one status, as the document post-processor writes it. */
export function problemResponse(status: number, description = DESCRIPTIONS[status] ?? 'Error.'): Json {
  return {
    description,
    ...(HEADERS[status] ? { headers: HEADERS[status] } : {}),
    content: { [PROBLEM_CONTENT_TYPE]: { schema: PROBLEM_REF } },
  };
}

/**
 * Declares error statuses beyond the ones every operation of its shape gets (see completeApiDocument),
 * e.g. 429 on a rate-limited route or 404 on a route whose feature may be switched off.
 */
export const ApiProblemResponses = (...statuses: number[]) =>
  applyDecorators(...statuses.map((status) => ApiResponse({ status, description: DESCRIPTIONS[status] ?? 'Error.' })));

export interface CompleteApiDocumentOptions {
  /** Statuses an edge in front of the services may add to any operation (the gateway: 504). */
  extraStatuses?: number[];
}

/**
 * Makes the document say what the HTTP edge does to every operation, once for all controllers:
 * - each operation declares the error statuses its shape can produce, with the problem+json schema:
 *   400 (malformed or invalid input), 401/403 (when it needs a token), 404 (a path parameter),
 *   409/422 (writes), 429 (authenticated writes: the per-user write budget), 413/415 (a request body),
 *   503 (the database is unavailable);
 * - error responses declared by decorators get the problem+json content;
 * - request body schemas reject unknown fields (`additionalProperties: false`), as the validation pipe does,
 *   and a declared request body is required (a missing body is a 400).
 * Idempotent: the gateway applies it again to the merged document.
 */
export function completeApiDocument(doc: OpenAPIObject, opts: CompleteApiDocumentOptions = {}): OpenAPIObject {
  const components = (doc.components ??= {});
  const schemas = (components.schemas ??= {}) as Record<string, Json>;
  schemas.ProblemDetails = PROBLEM_DETAILS_SCHEMA;
  const closed = new Set<string>();
  const classes = validatedClasses();
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(item as Record<string, Operation>)) {
      if (!['get', 'put', 'post', 'patch', 'delete'].includes(method) || !op || typeof op !== 'object') {
        continue;
      }
      const responses = (op.responses ??= {});
      const statuses = new Set<number>([400, 503, ...(opts.extraStatuses ?? [])]);
      const authenticated = (op.security ?? []).length > 0;
      if (authenticated) {
        statuses.add(401).add(403);
      }
      if (/\{[^}]+\}/.test(path)) {
        statuses.add(404);
      }
      if (method !== 'get') {
        statuses.add(409).add(422);
        if (authenticated) {
          // Every authenticated write counts against the caller's write budget (RateLimitGuard).
          statuses.add(429);
        }
      }
      if (op.requestBody) {
        statuses.add(413).add(415);
        op.requestBody.required = true;
        for (const media of Object.values((op.requestBody.content ?? {}) as Record<string, { schema?: Json }>)) {
          closeSchema(media.schema, schemas, closed, classes);
        }
      }
      for (const status of statuses) {
        responses[String(status)] ??= problemResponse(status);
      }
      for (const [code, response] of Object.entries(responses)) {
        const status = Number(code);
        if (status >= 400 && !response.content) {
          Object.assign(response, { ...problemResponse(status, (response.description as string) || undefined) });
        }
      }
    }
  }
  return doc;
}

/** A request class, as class-validator registers it. */
type ValidatedClass = abstract new (...args: never[]) => unknown;

/** additionalProperties: false, and the validation constraints, on a request schema and every object schema it reaches. */
function closeSchema(
  schema: Json | undefined,
  schemas: Record<string, Json>,
  closed: Set<string>,
  classes: Map<string, ValidatedClass>,
  branch = false,
): void {
  if (!schema || typeof schema !== 'object') {
    return;
  }
  if (typeof schema.$ref === 'string') {
    const name = schema.$ref.replace('#/components/schemas/', '');
    if (!closed.has(name) && schemas[name]) {
      closed.add(name);
      const cls = classes.get(name);
      if (cls) {
        applyValidationConstraints(schemas[name], cls);
      }
      closeSchema(schemas[name], schemas, closed, classes);
    }
    return;
  }
  // A branch of anyOf/oneOf/allOf only adds constraints to the object that holds it: closed, it would
  // refuse every property the branch does not repeat.
  if (!branch && (schema.type === 'object' || schema.properties)) {
    schema.additionalProperties ??= false;
  }
  // A string no request class describes (a raw body such as a calendar file) is multi-line text.
  if (schema.type === 'string' && !schema.pattern && !schema.enum && !schema.format) {
    schema.pattern = TEXT_PATTERNS['multi-line'];
  }
  for (const sub of Object.values((schema.properties ?? {}) as Record<string, Json>)) {
    closeSchema(sub, schemas, closed, classes);
  }
  closeSchema(schema.items as Json | undefined, schemas, closed, classes);
  for (const key of ['allOf', 'oneOf', 'anyOf'] as const) {
    for (const sub of (schema[key] as Json[] | undefined) ?? []) {
      closeSchema(sub, schemas, closed, classes, true);
    }
  }
}

// What @IsUUID() (validator.js, version "all") accepts: versions 1 to 8, RFC 4122 variant, nil and max.
const UUID_PATTERN =
  '^(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}|00000000-0000-0000-0000-000000000000|[fF]{8}-[fF]{4}-[fF]{4}-[fF]{4}-[fF]{12})$';

// Unicode property escapes are not in every regex dialect that reads the description (Python's re
// has none), so the schema spells \p{L} and \p{M} as the ranges of the scripts Brussels names use:
// Latin, Greek, Cyrillic, Arabic and the combining diacritics. The engine accepts any letter: every
// value the schema allows is accepted, and a client may still send a name in another script.
const UNICODE_CLASSES: Record<string, string> = {
  '\\p{L}':
    'A-Za-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u024F\\u0391-\\u03A1\\u03A3-\\u03A9\\u03B1-\\u03C9\\u0400-\\u045F\\u0621-\\u063A\\u0641-\\u064A',
  '\\p{M}': '\\u0300-\\u036F',
};

function portablePattern(source: string): string {
  return Object.entries(UNICODE_CLASSES).reduce((out, [escape, ranges]) => out.split(escape).join(ranges), source);
}

const SCHEMA_EXTRA_KEY = 'concerto:api-schema-extra';

/** Schema keywords that no property decorator can say, such as an anyOf between two required fields. */
export const ApiSchemaExtra =
  (extra: Json): ClassDecorator =>
  (target) =>
    Reflect.defineMetadata(SCHEMA_EXTRA_KEY, extra, target);

/** The validated classes by name: Nest's swagger module names a class's schema after the class. */
function validatedClasses(): Map<string, ValidatedClass> {
  // class-validator keeps its registry private; the pinned version stores it as a Map keyed by class.
  const registry = (getMetadataStorage() as unknown as { validationMetadatas?: Map<ValidatedClass, unknown> })
    .validationMetadatas;
  const byName = new Map<string, ValidatedClass>();
  for (const target of registry instanceof Map ? registry.keys() : []) {
    if (typeof target === 'function') {
      byName.set(target.name, target);
    }
  }
  return byName;
}

/**
 * Writes the constraints class-validator applies to a request class into its schema, so that the
 * description and the validation pipe cannot drift apart: lengths, patterns, enums, bounds, item
 * counts, formats. Validators whose rule no schema keyword can express (a checksum, "in the past")
 * answer 422 instead of 400 (see validation.pipe.ts).
 */
function applyValidationConstraints(schema: Json, cls: ValidatedClass): void {
  const extra = Reflect.getMetadata(SCHEMA_EXTRA_KEY, cls) as Json | undefined;
  if (extra) {
    Object.assign(schema, extra);
  }
  const properties = (schema.properties ?? {}) as Record<string, Json>;
  for (const v of getMetadataStorage().getTargetValidationMetadatas(cls, '', true, false)) {
    const prop = properties[v.propertyName];
    if (!prop || prop.$ref || v.type !== 'customValidation') {
      continue;
    }
    const target: Json = v.each && prop.items && !(prop.items as Json).$ref ? (prop.items as Json) : prop;
    const [a, b] = (v.constraints ?? []) as unknown[];
    switch (v.name ?? '') {
      case 'isLength':
        target.minLength = a;
        if (typeof b === 'number') {
          target.maxLength = b;
        }
        break;
      case 'maxLength':
        target.maxLength = a;
        break;
      case 'minLength':
        target.minLength = a;
        break;
      case 'matches':
        target.pattern = portablePattern(a instanceof RegExp ? a.source : String(a));
        break;
      case 'isIn':
        target.enum = [...(a as unknown[])];
        break;
      case 'isInt':
        target.type = 'integer';
        break;
      case 'min':
        target.minimum = a;
        break;
      case 'max':
        target.maximum = a;
        break;
      case 'arrayMaxSize':
        prop.maxItems = a;
        break;
      case 'arrayMinSize':
        prop.minItems = a;
        break;
      case 'isUuid':
        target.format = 'uuid';
        // Not every client generator knows the uuid format; the pattern says the same to all of them.
        target.pattern = UUID_PATTERN;
        break;
      case 'isEmail':
        target.format = 'email';
        break;
      case 'isNotEmptyObject':
        target.minProperties = 1;
        break;
      case 'isDateTime':
        target.format = 'date-time';
        target.maxLength = DATE_TIME_MAX_LENGTH;
        break;
    }
  }
  // The validation pipe's text rules (control and format characters), as patterns beside any other.
  for (const [name, prop] of Object.entries(properties)) {
    const target = prop.type === 'array' && prop.items && !(prop.items as Json).$ref ? (prop.items as Json) : prop;
    if (target.type !== 'string' || target.enum || target.format) {
      continue;
    }
    const pattern = TEXT_PATTERNS[textKindOf(cls.prototype as object, name)];
    if (!target.pattern) {
      target.pattern = pattern;
    } else if (target.pattern !== pattern) {
      target.allOf = [...((target.allOf as Json[] | undefined) ?? []), { pattern }];
    }
  }
}
