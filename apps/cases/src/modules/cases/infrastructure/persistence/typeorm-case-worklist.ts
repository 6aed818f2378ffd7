import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '#concerto/messaging';
import { queryRows } from '#concerto/persistence';
import {
  CaseWorklist,
  type WorklistCounts,
  type WorklistFilter,
  type WorklistDueKind,
  type WorklistRow,
} from '../../application/ports/case-worklist.js';

const S = 'cases';
// Urgent first, then the earliest due time (the next acknowledgement or the hard deadline), cases
// with neither last, and the id to break ties: a total order, so a cursor resumes exactly.
const RANK = `(CASE WHEN c."urgency" = 'urgent' THEN 0 ELSE 1 END)`;
// The next hard deadline is the earliest future one still in force ($1 is now): a passed or dismissed
// deadline no longer steers anything.
// The next review a concertation record planned (issue 17) counts as one more dated item.
const NEXT_DEADLINE = `(SELECT min(t."at") FROM (
    SELECT d."due_at" AS "at" FROM "${S}"."case_deadlines" d
     WHERE d."case_id" = c."case_id" AND d."state" IN ('active', 'corrected')
    UNION ALL
    SELECT r."review_at" FROM "${S}"."case_reviews" r WHERE r."case_id" = c."case_id"
  ) t WHERE t."at" > $1)`;
const DUE = `COALESCE(LEAST(c."ack_due_at", ${NEXT_DEADLINE}), 'infinity'::timestamptz)`;
// What that earliest due time is, over the same three sources with the same bounds, so the row can say
// "review due" rather than a bare date. On a tie the acknowledgement wins, then a hard deadline: the
// more pressing reason is the one the coordinator reads.
const DUE_KIND = `(SELECT k."kind" FROM (
    SELECT c."ack_due_at" AS "at", 'acknowledgement' AS "kind", 0 AS "ord" WHERE c."ack_due_at" IS NOT NULL
    UNION ALL
    SELECT d."due_at", 'deadline', 1 FROM "${S}"."case_deadlines" d
     WHERE d."case_id" = c."case_id" AND d."state" IN ('active', 'corrected') AND d."due_at" > $1
    UNION ALL
    SELECT r."review_at", 'review', 2 FROM "${S}"."case_reviews" r
     WHERE r."case_id" = c."case_id" AND r."review_at" > $1
  ) k ORDER BY k."at", k."ord" LIMIT 1)`;

interface Row {
  case_id: string;
  bassin_id: string;
  status: string;
  urgency: string;
  type: string;
  owner_id: string;
  escalation_level: number;
  pending_signals: number;
  ack_due_at: Date | null;
  deadline: Date | null;
  due_at: Date | null;
  due_kind: WorklistDueKind | null;
  overdue: boolean;
  bassin_needs_confirmation: boolean;
  opened_at: Date;
}

/** The worklist, read straight from the cases table (its sort and filter columns are kept on save). */
@Injectable()
export class TypeormCaseWorklist extends CaseWorklist {
  constructor(private readonly uow: UnitOfWork) {
    super();
  }

  async page(f: WorklistFilter): Promise<WorklistRow[]> {
    const { where, params } = conditions(f, true);
    if (f.after) {
      params.push(f.after.urgent ? 0 : 1, f.after.dueAt ?? 'infinity', f.after.caseId);
      const n = params.length;
      where.push(`(${RANK}, ${DUE}, c."case_id") > ($${n - 2}::int, $${n - 1}::timestamptz, $${n}::uuid)`);
    }
    params.push(f.limit);
    const rows = await queryRows<Row>(
      this.uow.manager,
      `SELECT c."case_id", c."bassin_id", c."status", c."urgency", c."type", c."owner_id", c."escalation_level",
              c."pending_signals", c."ack_due_at", ${NEXT_DEADLINE} AS "deadline", LEAST(c."ack_due_at", ${NEXT_DEADLINE}) AS "due_at",
              ${DUE_KIND} AS "due_kind",
              COALESCE(c."ack_due_at" <= $1, false) AS "overdue", c."bassin_needs_confirmation", c."opened_at"
         FROM "${S}"."cases" c
        WHERE ${where.join(' AND ')}
        ORDER BY ${RANK}, ${DUE}, c."case_id"
        LIMIT $${params.length}`,
      params,
    );
    return rows.map((r) => ({
      caseId: r.case_id,
      bassinId: r.bassin_id,
      status: r.status,
      urgency: r.urgency,
      type: r.type,
      ownerId: r.owner_id,
      escalationLevel: Number(r.escalation_level),
      pendingSignals: Number(r.pending_signals),
      ...(r.ack_due_at ? { nextAcknowledgementDue: new Date(r.ack_due_at) } : {}),
      ...(r.deadline ? { deadline: new Date(r.deadline) } : {}),
      ...(r.due_at ? { dueAt: new Date(r.due_at) } : {}),
      dueKind: r.due_at ? r.due_kind : null,
      overdue: r.overdue === true,
      needsBassinConfirmation: r.bassin_needs_confirmation,
      openedAt: new Date(r.opened_at),
    }));
  }

  async counts(
    f: Pick<WorklistFilter, 'visibleBassins' | 'seesInterBassin' | 'bassin' | 'now'>,
  ): Promise<WorklistCounts> {
    const { where, params } = conditions({ ...f, limit: 0 }, false);
    const [row] = await queryRows<Record<keyof WorklistCounts, string | number>>(
      this.uow.manager,
      `SELECT count(*) FILTER (WHERE c."status" <> 'closed') AS "open",
              count(*) FILTER (WHERE c."status" <> 'closed' AND c."urgency" = 'urgent') AS "urgent",
              count(*) FILTER (WHERE c."status" <> 'closed' AND c."pending_signals" > 0) AS "unacknowledged",
              count(*) FILTER (WHERE c."status" <> 'closed' AND c."ack_due_at" <= $1) AS "overdue",
              count(*) FILTER (WHERE c."status" = 'escalated') AS "escalated",
              count(*) FILTER (WHERE c."status" <> 'closed' AND c."bassin_needs_confirmation") AS "needsBassinConfirmation"
         FROM "${S}"."cases" c
        WHERE ${where.join(' AND ')}`,
      params,
    );
    return {
      open: Number(row?.open ?? 0),
      urgent: Number(row?.urgent ?? 0),
      unacknowledged: Number(row?.unacknowledged ?? 0),
      overdue: Number(row?.overdue ?? 0),
      escalated: Number(row?.escalated ?? 0),
      needsBassinConfirmation: Number(row?.needsBassinConfirmation ?? 0),
    };
  }
}

/** $1 is always `now`; every other value is a parameter too. */
function conditions(f: WorklistFilter, withFilters: boolean): { where: string[]; params: unknown[] } {
  // A case merged into another is listed through its survivor, not a second time (issue 15).
  const where: string[] = [
    `NOT EXISTS (SELECT 1 FROM "${S}"."case_merges" m WHERE m."merged_case_id" = c."case_id" AND m."split_at" IS NULL)`,
  ];
  const params: unknown[] = [f.now];
  const add = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  if (f.visibleBassins) {
    const own = `c."bassin_id" = ANY(${add([...f.visibleBassins])}::varchar[])`;
    where.push(f.seesInterBassin ? `(${own} OR c."reference_bassin" = 'inter-bassin')` : own);
  }
  if (f.bassin) {
    where.push(`c."bassin_id" = ${add(f.bassin)}`);
  }
  if (!withFilters) {
    return { where, params };
  }
  if (f.status) {
    where.push(`c."status" = ${add(f.status)}`);
  }
  if (f.urgency) {
    where.push(`c."urgency" = ${add(f.urgency)}`);
  }
  if (f.ownerId) {
    where.push(`c."owner_id" = ${add(f.ownerId)}`);
  }
  if (f.hasUnacknowledgedSignals !== undefined) {
    where.push(f.hasUnacknowledgedSignals ? `c."pending_signals" > 0` : `c."pending_signals" = 0`);
  }
  if (f.overdue !== undefined) {
    where.push(f.overdue ? `c."ack_due_at" <= $1` : `(c."ack_due_at" IS NULL OR c."ack_due_at" > $1)`);
  }
  if (f.deadlineBefore) {
    where.push(`${NEXT_DEADLINE} < ${add(f.deadlineBefore)}`);
  }
  if (f.needsBassinConfirmation !== undefined) {
    where.push(`c."bassin_needs_confirmation" = ${add(f.needsBassinConfirmation)}`);
  }
  return { where, params };
}
