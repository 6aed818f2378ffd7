import { type ValidationError, ValidationPipe } from '@nestjs/common';
import { type FieldProblem, problem, ProblemException } from './problem.js';

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

/** Whitelisting validation: unknown fields are rejected and every problem names its field. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
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
