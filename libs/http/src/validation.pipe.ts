import { type ArgumentMetadata, type ValidationError, ValidationPipe } from '@nestjs/common';
import { type FieldProblem, problem, ProblemException } from './problem.js';
import { exceedsDepth, MAX_JSON_DEPTH, textProblems } from './text-rules.js';

function flatten(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((e) => {
    const field = /^\d+$/.test(e.property) ? `${prefix}[${e.property}]` : prefix ? `${prefix}.${e.property}` : e.property;
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

/** Rejects prototype-pollution keys, which class-transformer would otherwise drop silently. */
class StrictValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const checked = metadata.type === 'body' || metadata.type === 'query';
    if (checked && exceedsDepth(value)) {
      // Before any recursive walk (the key check below, class-transformer): a deep body would overflow the stack.
      throw new ProblemException(problem(400, 'too-deep', `The request nests objects or arrays deeper than ${MAX_JSON_DEPTH} levels.`));
    }
    if (metadata.type === 'body') {
      const problems = forbiddenKeys(value);
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

/** Whitelisting validation: unknown fields are rejected and every problem names its field. */
export function createValidationPipe(): ValidationPipe {
  return new StrictValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) =>
      new ProblemException(
        problem(400, 'validation-failed', 'The request is not valid.', {
          errors: flatten(errors),
        }),
      ),
  });
}
