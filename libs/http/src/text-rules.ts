import { LIMITS } from '#concerto/config';
import { type FieldProblem } from './problem.js';

/** Deepest JSON nesting a request body may have; checked before anything walks it recursively. */
export const MAX_JSON_DEPTH: number = LIMITS.body.jsonDepth;

type TextKind = 'single-line' | 'multi-line' | 'name';
const TEXT_KIND = Symbol('concerto:text-kind');

function markText(kind: TextKind): PropertyDecorator {
  return (target, key) => {
    Reflect.defineMetadata(TEXT_KIND, kind, target, key);
  };
}

// Every string a request carries is single-line text unless its DTO property says otherwise:
// control characters (C0, DEL, C1) and line/paragraph separators are refused.

/** Free text that may span lines: newline, carriage return and tab are allowed, other controls are not. */
export const MultilineText = () => markText('multi-line');
/**
 * A name shown to people (in e-mails, letters, screens): single-line, and no Unicode format
 * characters (category Cf: bidi overrides, zero-width joiners and spaces), which can make a name
 * read as another one.
 */
export const NameText = () => markText('name');

// eslint-disable-next-line no-control-regex
const SINGLE_LINE_FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u;
// eslint-disable-next-line no-control-regex
const MULTI_LINE_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/u;
const FORMAT_CHARACTER = /\p{Cf}/u;

function textProblem(kind: TextKind, text: string): string | undefined {
  if ((kind === 'multi-line' ? MULTI_LINE_FORBIDDEN : SINGLE_LINE_FORBIDDEN).test(text)) {
    return kind === 'multi-line'
      ? 'control characters other than newline and tab are not allowed'
      : 'control characters are not allowed';
  }
  if (kind === 'name' && FORMAT_CHARACTER.test(text)) {
    return 'invisible formatting characters (bidi overrides, zero-width characters) are not allowed';
  }
  return undefined;
}

/**
 * The same rules as JSON Schema patterns, for the API description (ECMA-262 and Python `re` alike:
 * no `\p{…}` classes, so the format characters are spelled out as the Basic Multilingual Plane's Cf ranges).
 */
export const TEXT_PATTERNS: Record<TextKind, string> = {
  'single-line': '^[^\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029]*$',
  'multi-line': '^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f]*$',
  name: '^[^\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029\\u00ad\\u0600-\\u0605\\u061c\\u06dd\\u070f\\u0890\\u0891\\u08e2\\u180e\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u2064\\u2066-\\u206f\\ufeff\\ufff9-\\ufffb]*$',
};

/** The text rule of a request class's property (single-line unless the DTO says otherwise). */
export function textKindOf(prototype: object, key: string): TextKind {
  return kindOf(prototype, key) ?? 'single-line';
}

function kindOf(holder: object, key: string): TextKind | undefined {
  return Reflect.getMetadata(TEXT_KIND, holder, key) as TextKind | undefined;
}

/** True when the value nests objects or arrays deeper than `max`; iterative, so any depth is safe to ask about. */
export function exceedsDepth(value: unknown, max: number = MAX_JSON_DEPTH): boolean {
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const next = stack.pop()!;
    if (next.value && typeof next.value === 'object') {
      if (next.depth >= max) {
        return true;
      }
      for (const child of Object.values(next.value)) {
        stack.push({ value: child, depth: next.depth + 1 });
      }
    }
  }
  return false;
}

/**
 * Checks every string of a validated request (a DTO instance, or a plain body such as a calendar
 * file) against the text rule of the property holding it. A bare string body is a file (iCalendar
 * lines end in CRLF): multi-line. Call only on values whose depth is already bounded.
 */
export function textProblems(
  value: unknown,
  path = '',
  kind: TextKind = typeof value === 'string' ? 'multi-line' : 'single-line',
): FieldProblem[] {
  if (typeof value === 'string') {
    const reason = textProblem(kind, value);
    return reason ? [{ field: path || 'body', reason }] : [];
  }
  if (Array.isArray(value)) {
    return value.flatMap((item, i) => textProblems(item, `${path}[${i}]`, kind));
  }
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, child]) =>
      textProblems(child, path ? `${path}.${key}` : key, kindOf(value, key) ?? 'single-line'),
    );
  }
  return [];
}
