import type { WorklistPosition } from '../../ports/case-worklist.js';

/** base64url of a small JSON array: opaque to clients, checked on the way back in. */
export function encodeCursor(p: WorklistPosition): string {
  return Buffer.from(JSON.stringify([p.urgent ? 1 : 0, p.dueAt, p.caseId])).toString('base64url');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The position a cursor names, or undefined when it is not one this worklist returned. */
export function decodeCursor(cursor: string): WorklistPosition | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) {
    return undefined;
  }
  const [urgent, dueAt, caseId] = parsed as unknown[];
  const dueOk = dueAt === null || (typeof dueAt === 'string' && dueAt.length <= 40 && !Number.isNaN(Date.parse(dueAt)));
  if ((urgent !== 0 && urgent !== 1) || !dueOk || typeof caseId !== 'string' || !UUID.test(caseId)) {
    return undefined;
  }
  return { urgent: urgent === 1, dueAt, caseId };
}
