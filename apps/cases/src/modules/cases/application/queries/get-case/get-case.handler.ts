import { Inject, Logger } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { Principal } from '#concerto/auth';
import {
  DIRECTORY_READ_API,
  type DirectoryReadApi,
  PERSON_IDENTITY_API,
  type PersonIdentityApi,
} from '#concerto/contracts';
import { CLOCK, type Clock } from '#concerto/ddd';
import { currentCorrelationId } from '#concerto/observability';
import { AuditedAccess, AuditLog, type GrantedAccess } from '#concerto/persistence';
import type { Case } from '../../../domain/case.aggregate.js';
import { CaseRepository } from '../../../domain/case.repository.js';
import type { CaseAccess, CaseSignal } from '../../../domain/case.types.js';
import { CaseTimelineRepository } from '../../../domain/case-timeline.repository.js';
import { steeringDeadline } from '../../../domain/deadlines/case-deadline.js';
import { CaseDeadlineRepository } from '../../../domain/deadlines/case-deadline.repository.js';
import { CaseMergeRepository } from '../../../domain/merges/case-merge.repository.js';
import { deadlineView } from '../../deadlines/deadline-rules.js';
import {
  type CaseFullView,
  type CaseStatusView,
  type CaseTimelineView,
  GetCaseQuery,
  GetCaseTimelineQuery,
  type SignalView,
} from './get-case.query.js';
import { coordinatesCase } from '../../case-access.js';

const REPORTER_TIMELINE_KINDS = ['case.opened', 'case.acknowledged', 'case.escalated'];

/** Loads a case for a reader through the audited access check: strangers are told it does not exist. */
function readCase(
  access: AuditedAccess,
  cases: CaseRepository,
  caseId: string,
  principal: Principal,
  purpose: string,
): Promise<GrantedAccess<Case, Exclude<CaseAccess, 'none'>>> {
  return access.check<Case, Exclude<CaseAccess, 'none'>>({
    actorId: principal.userId,
    subjectType: 'case',
    subjectId: caseId,
    purpose,
    action: 'read',
    load: () => cases.find(caseId),
    decide: (c) => {
      const level = c.accessOf(principal.userId, coordinatesCase(principal, c));
      return level === 'none' ? { denied: 'not-found' } : { granted: level };
    },
    notFound: { code: 'CASE_NOT_FOUND', message: 'No such case.' },
  });
}

@QueryHandler(GetCaseQuery)
export class GetCaseHandler implements IQueryHandler<GetCaseQuery> {
  private readonly logger = new Logger(GetCaseHandler.name);

  constructor(
    private readonly access: AuditedAccess,
    private readonly cases: CaseRepository,
    private readonly audit: AuditLog,
    private readonly deadlines: CaseDeadlineRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(DIRECTORY_READ_API) private readonly directory: DirectoryReadApi,
    @Inject(PERSON_IDENTITY_API) private readonly persons: PersonIdentityApi,
    private readonly merges: CaseMergeRepository,
  ) {}

  async execute({ caseId, principal }: GetCaseQuery): Promise<CaseStatusView | CaseFullView> {
    const { subject: c, access } = await readCase(this.access, this.cases, caseId, principal, 'read-case');
    const s = c.snapshot;
    const owner = await this.directory
      .findProfessional(s.ownerId)
      .then((p) => ({ id: s.ownerId, ...(p ? { displayName: p.displayName } : {}) }))
      .catch(() => ({ id: s.ownerId }));
    const base = {
      caseId: s.id,
      status: s.status,
      urgency: s.urgency,
      bassinId: s.bassinId,
      owner,
      ...(s.acknowledgedAt ? { acknowledgedAt: s.acknowledgedAt.toISOString() } : {}),
      openedAt: s.openedAt.toISOString(),
    };
    if (access === 'member') {
      return { ...base, view: 'reporter' };
    }
    const identity = await this.persons.identify(s.personRef).catch((error: unknown) => {
      this.logger.warn({
        msg: 'identity vault unavailable',
        caseId,
        error: error instanceof Error ? error.message : String(error),
      });
      return undefined;
    });
    // Outside a transaction: the read of the identity is on record even if the answer then fails.
    await this.audit.record({
      actorId: principal.userId,
      action: 'read',
      subjectType: 'person',
      subjectId: s.personRef,
      purpose: 'read-case',
      outcome: identity ? 'allowed' : 'denied',
      correlationId: currentCorrelationId(),
      at: this.clock.now(),
    });
    const deadlines = await this.deadlines.ofCase(caseId);
    // A survivor shows the alerts and signals of the cases merged into it (issue 15).
    const mergedInto = (await this.merges.activeMergeOf(caseId))?.survivorCaseId;
    const mergedCases = (await this.merges.mergesInto(caseId)).map((m) => m.mergedCaseId);
    const merged = (await Promise.all(mergedCases.map((id) => this.cases.find(id)))).filter(
      (m): m is Case => m !== undefined,
    );
    const possibleMatches = (await this.merges.matchesOf([caseId, ...mergedCases])).map((m) => ({
      matchId: m.matchId,
      otherCaseId: m.caseId === caseId || mergedCases.includes(m.caseId) ? m.otherCaseId : m.caseId,
      reasons: m.reasons,
      state: m.state,
      foundAt: m.foundAt.toISOString(),
      ...(m.decidedBy ? { decidedBy: m.decidedBy } : {}),
      ...(m.decidedAt ? { decidedAt: m.decidedAt.toISOString() } : {}),
    }));
    const steering = steeringDeadline(deadlines, this.clock.now());
    return {
      ...base,
      view: 'coordinator',
      type: s.type,
      bassinNeedsConfirmation: s.bassinNeedsConfirmation,
      referenceBassin: s.referenceBassin,
      ...(s.previousCaseId ? { previousCaseId: s.previousCaseId } : {}),
      ...(s.closedAt ? { closedAt: s.closedAt.toISOString() } : {}),
      ...(s.closeOutcome ? { closeOutcome: s.closeOutcome } : {}),
      escalationLevel: s.escalationLevel,
      acknowledgeBy: s.acknowledgeBy.toISOString(),
      ...(s.acknowledgedBy ? { acknowledgedBy: s.acknowledgedBy } : {}),
      // The deadline that bounds a meeting now: the earliest future active one (a passed one never blocks).
      ...(steering ? { deadline: steering.snapshot.dueAt.toISOString() } : {}),
      deadlines: deadlines.map(deadlineView),
      person: identity ?? { personRef: s.personRef, unavailable: true },
      members: s.members,
      alerts: [s, ...merged.map((m) => m.snapshot)]
        .flatMap((x) => x.alerts)
        .map(({ alertId, type, urgency, reporterId, at }) => ({ alertId, type, urgency, reporterId, at })),
      signals: [s, ...merged.map((m) => m.snapshot)].flatMap((x) => x.signals).map(signalView),
      unacknowledgedSignals: [c, ...merged].flatMap((x) => x.pendingSignals).map(signalView),
      possibleMatches,
      ...(mergedInto ? { mergedInto } : {}),
      mergedCases,
    };
  }
}

@QueryHandler(GetCaseTimelineQuery)
export class GetCaseTimelineHandler implements IQueryHandler<GetCaseTimelineQuery> {
  constructor(
    private readonly access: AuditedAccess,
    private readonly cases: CaseRepository,
    private readonly timelines: CaseTimelineRepository,
    private readonly merges: CaseMergeRepository,
  ) {}

  async execute({ caseId, principal }: GetCaseTimelineQuery): Promise<CaseTimelineView> {
    const { subject: c, access } = await readCase(this.access, this.cases, caseId, principal, 'read-case-timeline');
    // A survivor's history holds the merged cases' too, in time order (issue 15).
    const mergedCases = (await this.merges.mergesInto(caseId)).map((m) => m.mergedCaseId);
    const rows = (await Promise.all([caseId, ...mergedCases].map((id) => this.timelines.entriesOf(id))))
      .flat()
      .sort((a, b) => a.at.getTime() - b.at.getTime());
    const merged = (await Promise.all(mergedCases.map((id) => this.cases.find(id)))).filter(
      (m): m is Case => m !== undefined,
    );
    const visible = access === 'coordinator' ? rows : rows.filter((r) => REPORTER_TIMELINE_KINDS.includes(r.kind));
    return {
      caseId,
      entries: visible.map((r) => ({
        at: r.at.toISOString(),
        kind: r.kind,
        actorId: r.actorId,
        // Reporters see that the case moved and to whom, not the internal details.
        details:
          access === 'coordinator' ? r.details : pick(r.details, ['ownerId', 'acknowledgedBy', 'escalatedTo', 'level']),
      })),
      ...(access === 'coordinator'
        ? { signals: [c, ...merged].flatMap((x) => x.snapshot.signals).map(signalView) }
        : {}),
    };
  }
}

function signalView(g: Readonly<CaseSignal>): SignalView {
  return {
    signalId: g.signalId,
    type: g.type,
    urgency: g.urgency,
    reporterId: g.reporterId,
    ...(g.reporterRole ? { reporterRole: g.reporterRole } : {}),
    receivedAt: g.receivedAt.toISOString(),
    acknowledgeBy: g.acknowledgeBy.toISOString(),
    ...(g.acknowledgedBy ? { acknowledgedBy: g.acknowledgedBy } : {}),
    ...(g.acknowledgedAt ? { acknowledgedAt: g.acknowledgedAt.toISOString() } : {}),
    escalationLevel: g.escalationLevel,
    ...(g.origin ? { origin: g.origin } : {}),
  };
}

function pick(obj: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(obj).filter(([k]) => keys.includes(k)));
}
