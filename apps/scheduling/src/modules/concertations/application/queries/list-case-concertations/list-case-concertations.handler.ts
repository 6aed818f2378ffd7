import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { CaseAccess } from '../../../../case-view/application/case-access.js';
import { ConsentRepository } from '../../../../consent/domain/consent.repository.js';
import { ConcertationRecordRepository } from '../../../../follow-up/domain/follow-up.repository.js';
import type { ConcertationState } from '../../../domain/concertation.aggregate.js';
import { ConcertationRepository } from '../../../domain/concertation.repository.js';
import {
  ListCaseConcertationsQuery,
  type MeetingStatus,
  type MeetingSummary,
} from './list-case-concertations.query.js';

@QueryHandler(ListCaseConcertationsQuery)
export class ListCaseConcertationsHandler implements IQueryHandler<ListCaseConcertationsQuery> {
  constructor(
    private readonly access: CaseAccess,
    private readonly concertations: ConcertationRepository,
    private readonly records: ConcertationRecordRepository,
    private readonly consents: ConsentRepository,
  ) {}

  async execute({ caseId, principal }: ListCaseConcertationsQuery): Promise<{ concertations: MeetingSummary[] }> {
    // The same rule and audit purpose as reading one meeting: the bassin's coordinators, anyone else a 404.
    await this.access.requireCoordinator(caseId, principal, 'read-concertation', 'read');
    const [meetings, records, consent] = await Promise.all([
      this.concertations.listForCase(caseId),
      this.records.listByCase(caseId),
      this.consents.load(caseId),
    ]);
    const held = new Map(records.map((r) => [r.snapshot.concertationId, r.snapshot.held]));
    return {
      concertations: meetings.map(({ snapshot: s }) => {
        const recorded = held.get(s.id);
        return {
          id: s.id,
          status: statusOf(s, recorded),
          start: s.start.toISOString(),
          end: s.end.toISOString(),
          location: { kind: s.location.kind },
          sequence: s.sequence,
          answers: countAnswers(s),
          ...(s.status === 'scheduled' && recorded === undefined && !consent.allowsConcertation
            ? { consentWithdrawn: true }
            : {}),
        };
      }),
    };
  }
}

function statusOf(s: Readonly<ConcertationState>, held: boolean | undefined): MeetingStatus {
  if (s.status === 'cancelled') {
    return 'cancelled';
  }
  if (held !== undefined) {
    return held ? 'held' : 'not-held';
  }
  return s.sequence > 0 ? 'moved' : 'scheduled';
}

function countAnswers(s: Readonly<ConcertationState>): MeetingSummary['answers'] {
  const count = (status: string) => s.invitations.filter((i) => i.status === status).length;
  const accepted = count('accepted');
  const declined = count('declined');
  const writtenInput = count('written-input');
  const invited = s.invitations.length;
  return { invited, accepted, declined, writtenInput, waiting: invited - accepted - declined - writtenInput };
}
