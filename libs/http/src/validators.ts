import { LIMITS } from '#concerto/config';
import { registerDecorator, type ValidationOptions } from 'class-validator';

// RFC 3339 §5.6 date-time, the `date-time` format of JSON Schema and OpenAPI: a date, T, a time and
// an offset (Z or ±hh:mm). Stricter than ISO 8601, which also allows a date alone or no offset: the API
// description says date-time, so the validation says the same.
const RFC3339_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-](\d{2}):(\d{2}))$/;

/** Nanoseconds and an offset fit in 35 characters; the bound keeps every list of date-times inside the body limit. */
export const DATE_TIME_MAX_LENGTH: number = LIMITS.text.dateTimeChars;

export function isRfc3339DateTime(value: unknown): boolean {
  const m = typeof value === 'string' && value.length <= DATE_TIME_MAX_LENGTH ? RFC3339_DATE_TIME.exec(value) : null;
  if (!m) {
    return false;
  }
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const offsetOk = m[9] === undefined || (Number(m[9]) <= 23 && Number(m[10]) <= 59);
  return (
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59 &&
    offsetOk &&
    !Number.isNaN(Date.parse(value as string))
  );
}

/** An RFC 3339 date-time with an offset, e.g. 2026-11-25T10:00:00+01:00 (the schema's `format: date-time`). */
export function IsDateTime(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isDateTime',
      target: target.constructor,
      propertyName,
      options: {
        message: 'must be an RFC 3339 date-time with an offset, such as 2026-11-25T10:00:00+01:00',
        ...options,
      },
      validator: { validate: isRfc3339DateTime },
    });
}
