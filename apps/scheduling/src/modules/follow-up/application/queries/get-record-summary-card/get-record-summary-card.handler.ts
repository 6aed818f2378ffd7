import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { RecordSummaryCard } from '#concerto/contracts';
import { CaseAccess } from '../../../../case-view/application/case-access.js';
import { CareTeam } from '../../../../care-team/application/care-team.reader.js';
import { ConcertationRepository } from '../../../../concertations/domain/concertation.repository.js';
import { DATA_CATEGORIES } from '../../../../consent/domain/consent.aggregate.js';
import { ConsentRepository } from '../../../../consent/domain/consent.repository.js';
import { ActionItemRepository, ConcertationRecordRepository } from '../../../domain/follow-up.repository.js';
import { GetRecordSummaryCardQuery } from './get-record-summary-card.query.js';

/**
 * The summary's content and its possible recipients, the consent read now: a withdrawal stops the
 * summary at the next read, and a member the consent does not name is not even listed.
 */
@QueryHandler(GetRecordSummaryCardQuery)
export class GetRecordSummaryCardHandler implements IQueryHandler<GetRecordSummaryCardQuery> {
  constructor(
    private readonly records: ConcertationRecordRepository,
    private readonly items: ActionItemRepository,
    private readonly concertations: ConcertationRepository,
    private readonly consents: ConsentRepository,
    private readonly cases: CaseAccess,
    private readonly team: CareTeam,
  ) {}

  async execute({ recordId }: GetRecordSummaryCardQuery): Promise<RecordSummaryCard | undefined> {
    const record = await this.records.find(recordId);
    const view = record ? await this.cases.find(record.snapshot.caseId) : undefined;
    const meeting = record ? await this.concertations.find(record.snapshot.concertationId) : undefined;
    if (!record || !view || !meeting) {
      return undefined;
    }
    const s = record.snapshot;
    const members = await this.team.list(s.caseId);
    const consent = await this.consents.load(s.caseId);
    const nameOf = (owner: { participantId?: string; organisationId?: string }) =>
      members.find((p) => p.id === owner.participantId)?.displayName ?? owner.organisationId ?? '';
    const items = (await this.items.listByCase(s.caseId)).filter(
      (i) => s.actionItemIds.includes(i.id) && i.snapshot.status !== 'withdrawn',
    );
    const referent = members.find((p) => p.id === s.referentParticipantId);
    const granted = consent.allowsConcertation;
    return {
      recordId: s.id,
      caseId: s.caseId,
      bassinId: view.bassinId,
      version: s.version,
      held: s.held,
      meetingStart: meeting.snapshot.start.toISOString(),
      decisions: [...s.decisions],
      actions: items.map((i) => ({ who: nameOf(i.snapshot.owner), what: i.snapshot.title, dueOn: i.snapshot.dueOn })),
      ...(referent ? { referentName: referent.displayName } : {}),
      ...(referent?.contact.phone ? { referentPhone: referent.contact.phone } : {}),
      ...(s.nextReview ? { reviewOn: s.nextReview.on } : {}),
      consentGranted: granted,
      candidates: granted
        ? members
            .filter((p) => !p.waived && consent.mayInvite(p.id, p.kind === 'person'))
            .map((p) => ({
              participant: p,
              dataCategories: DATA_CATEGORIES.filter((c) => consent.mayShare(p.id, c)),
            }))
        : [],
    };
  }
}
