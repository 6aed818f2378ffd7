import { type ArgumentMetadata, type ValidationError, ValidationPipe } from '@nestjs/common';
import { type FieldProblem, problem, ProblemException } from './problem.js';
import { exceedsDepth, MAX_JSON_DEPTH, textProblems } from './text-rules.js';

function flatten(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((e) => {
    const field = /^\d+$/.test(e.property)
      ? `${prefix}[${e.property}]`
      : prefix
        ? `${prefix}.${e.property}`
        : e.property;
    const own = Object.values(e.constraints ?? {}).map((reason) => ({
      field,
      reason: reason.startsWith('property ') && reason.endsWith(' should not exist') ? 'unknown field' : reason,
    }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function forbiddenKeys(value: unknown, path = ''): FieldProblem[] {
  if (!value || typeof value !== 'object') {
    return [];
  }
  return Object.keys(value).flatMap((key) => {
    const field = path ? `${path}.${key}` : key;
    const own = FORBIDDEN_KEYS.has(key) ? [{ field, reason: 'unknown field' }] : [];
    return [...own, ...forbiddenKeys((value as Record<string, unknown>)[key], field)];
  });
}

function invalid(errors: FieldProblem[]): ProblemException {
  return new ProblemException(problem(400, 'validation-failed', 'The request is not valid.', { errors }));
}

/**
 * JSON nulls (an optional field is left out, never sent as null: the API description has no nullable
 * request field) and NUL characters in strings.
 */
function nulls(value: unknown, path = ''): FieldProblem[] {
  if (!value || typeof value !== 'object') {
    return [];
  }
  return Object.entries(value).flatMap(([key, v]) => {
    const field = Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
    if (v === null) {
      return [{ field, reason: 'must not be null (leave an optional field out)' }];
    }
    // The stores are PostgreSQL, whose text cannot hold U+0000.
    return typeof v === 'string' && v.includes('\u0000')
      ? [{ field, reason: 'must not contain the NUL character' }]
      : nulls(v, field);
  });
}

const PLAIN_TYPES: unknown[] = [Object, String, Number, Boolean, Array, Buffer];

/** Whether a body parameter is typed with a request class (a DTO), not left as unknown or a string. */
function isRequestClass(metatype: ArgumentMetadata['metatype']): boolean {
  return typeof metatype === 'function' && !PLAIN_TYPES.includes(metatype);
}

/**
 * Rejects what class-transformer and class-validator would let through: nesting deeper than the cap,
 * a missing body where a request class is expected, prototype-pollution keys (otherwise dropped
 * silently), nulls, and control or format characters in text.
 */
class StrictValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const checked = metadata.type === 'body' || metadata.type === 'query';
    if (checked && exceedsDepth(value)) {
      // Before any recursive walk (the key check below, class-transformer): a deep body would overflow the stack.
      throw new ProblemException(
        problem(400, 'too-deep', `The request nests objects or arrays deeper than ${MAX_JSON_DEPTH} levels.`),
      );
    }
    if (metadata.type === 'body' && isRequestClass(metadata.metatype)) {
      if (value === undefined || value === null || typeof value !== 'object' || Array.isArray(value)) {
        throw new ProblemException(
          problem(400, 'body-required', 'The request is not valid.', {
            detail: 'This operation needs a JSON object as its body (Content-Type: application/json).',
            errors: [{ field: '', reason: 'a JSON object body is required' }],
          }),
        );
      }
    }
    if (metadata.type === 'body') {
      const problems = [...forbiddenKeys(value), ...nulls(value)];
      if (problems.length > 0) {
        throw invalid(problems);
      }
    }
    const result: unknown = await super.transform(value, metadata);
    if (checked) {
      const problems = textProblems(result);
      if (problems.length > 0) {
        throw invalid(problems);
      }
    }
    return result;
  }
}

/**
 * Validators whose rule the API description cannot state (a checksum, a date in the past): a value
 * that the schema allows but that breaks one of them is well-formed but unprocessable, so 422.
 */
const SEMANTIC_VALIDATORS = new Set(['isBelgianNationalNumber', 'isPastCalendarDate']);

function constraintNames(errors: ValidationError[]): string[] {
  return errors.flatMap((e) => [...Object.keys(e.constraints ?? {}), ...constraintNames(e.children ?? [])]);
}

/** Whitelisting validation: unknown fields are rejected and every problem names its field. */
export function createValidationPipe(): ValidationPipe {
  return new StrictValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => {
      const semantic = constraintNames(errors).every((name) => SEMANTIC_VALIDATORS.has(name));
      return new ProblemException(
        semantic
          ? problem(422, 'validation-failed', 'The request is well-formed but a value is not acceptable.', {
              errors: flatten(errors),
            })
          : problem(400, 'validation-failed', 'The request is not valid.', { errors: flatten(errors) }),
      );
    },
  });
}
