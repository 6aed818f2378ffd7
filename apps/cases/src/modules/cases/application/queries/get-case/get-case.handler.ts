import { Inject, Logger } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import type { Principal } from '#concerto/auth';
import { DIRECTORY_READ_API, type DirectoryReadApi, PERSON_IDENTITY_API, type PersonIdentityApi } from '#concerto/contracts';
import { AppException, CLOCK, type Clock } from '#concerto/ddd';
import { currentCorrelationId } from '#concerto/observability';
import { AuditLog } from '#concerto/persistence';
import { CASES_DB } from '../../../../../cases.tokens.js';
import type { Case } from '../../../domain/case.aggregate.js';
import { CaseRepository } from '../../../domain/case.repository.js';
import { accessTo, type CaseAccess } from '../../case-access.js';
import { CaseTimeline } from '../../case-timeline.port.js';
import { type CaseFullView, type CaseStatusView, GetCaseQuery, GetCaseTimelineQuery, type TimelineEntryView } from './get-case.query.js';

const REPORTER_TIMELINE_KINDS = ['case.opened', 'case.acknowledged', 'case.escalated'];

/** Loads a case for a reader, audits the access (allowed or denied), and answers 404 to strangers. */
abstract class CaseReader {
  constructor(
    protected readonly ds: DataSource,
    protected readonly cases: CaseRepository,
    protected readonly audit: AuditLog,
    protected readonly clock: Clock,
  ) {}

  protected async authorise(caseId: string, principal: Principal, purpose: string): Promise<{ c: Case; access: Exclude<CaseAccess, 'none'> }> {
    const c = await this.cases.find(this.ds.manager, caseId);
    const access = c ? accessTo(c, principal) : 'none';
    await this.audit.record(this.ds.manager, {
      actorId: principal.userId,
      action: access === 'none' ? 'denied' : 'read',
      subjectType: 'case',
      subjectId: caseId,
      purpose,
      outcome: access === 'none' ? 'denied' : 'allowed',
      correlationId: currentCorrelationId(),
      at: this.clock.now(),
    });
    if (!c || access === 'none') {
      throw new AppException('CASE_NOT_FOUND', 'not-found', 'No such case.');
    }
    return { c, access };
  }
}

@QueryHandler(GetCaseQuery)
export class GetCaseHandler extends CaseReader implements IQueryHandler<GetCaseQuery> {
  private readonly logger = new Logger(GetCaseHandler.name);

  constructor(
    @Inject(CASES_DB) ds: DataSource,
    cases: CaseRepository,
    audit: AuditLog,
    @Inject(CLOCK) clock: Clock,
    @Inject(DIRECTORY_READ_API) private readonly directory: DirectoryReadApi,
    @Inject(PERSON_IDENTITY_API) private readonly persons: PersonIdentityApi,
  ) {
    super(ds, cases, audit, clock);
  }

  async execute({ caseId, principal }: GetCaseQuery): Promise<CaseStatusView | CaseFullView> {
    const { c, access } = await this.authorise(caseId, principal, 'read-case');
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
      this.logger.warn({ msg: 'identity vault unavailable', caseId, error: error instanceof Error ? error.message : String(error) });
      return undefined;
    });
    await this.audit.record(this.ds.manager, {
      actorId: principal.userId,
      action: 'read',
      subjectType: 'person',
      subjectId: s.personRef,
      purpose: 'read-case',
      outcome: identity ? 'allowed' : 'denied',
      correlationId: currentCorrelationId(),
      at: this.clock.now(),
    });
    return {
      ...base,
      view: 'coordinator',
      type: s.type,
      bassinNeedsConfirmation: s.bassinNeedsConfirmation,
      escalationLevel: s.escalationLevel,
      acknowledgeBy: s.acknowledgeBy.toISOString(),
      ...(s.acknowledgedBy ? { acknowledgedBy: s.acknowledgedBy } : {}),
      ...(s.deadline ? { deadline: s.deadline.toISOString() } : {}),
      person: identity ?? { personRef: s.personRef, unavailable: true },
      members: s.members,
      alerts: s.alerts,
    };
  }
}

@QueryHandler(GetCaseTimelineQuery)
export class GetCaseTimelineHandler extends CaseReader implements IQueryHandler<GetCaseTimelineQuery> {
  constructor(
    @Inject(CASES_DB) ds: DataSource,
    cases: CaseRepository,
    audit: AuditLog,
    @Inject(CLOCK) clock: Clock,
    private readonly timelines: CaseTimeline,
  ) {
    super(ds, cases, audit, clock);
  }

  async execute({ caseId, principal }: GetCaseTimelineQuery): Promise<{ caseId: string; entries: TimelineEntryView[] }> {
    const { access } = await this.authorise(caseId, principal, 'read-case-timeline');
    const rows = await this.timelines.list(this.ds.manager, caseId);
    const visible = access === 'coordinator' ? rows : rows.filter((r) => REPORTER_TIMELINE_KINDS.includes(r.kind));
    return {
      caseId,
      entries: visible.map((r) => ({
        at: new Date(r.at).toISOString(),
        kind: r.kind,
        actorId: r.actorId,
        // Reporters see that the case moved and to whom, not the internal details.
        details: access === 'coordinator' ? r.details : pick(r.details, ['ownerId', 'acknowledgedBy', 'escalatedTo', 'level']),
      })),
    };
  }
}

function pick(obj: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(obj).filter(([k]) => keys.includes(k)));
}
