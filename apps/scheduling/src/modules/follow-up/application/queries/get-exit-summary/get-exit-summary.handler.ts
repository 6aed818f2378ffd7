import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { CaseAccess } from '../../../../case-view/application/case-access.js';
import { CareTeam } from '../../../../care-team/application/care-team.reader.js';
import {
  ActionItemRepository,
  ConcertationRecordRepository,
  ReferentRepository,
} from '../../../domain/follow-up.repository.js';
import { type ExitSummaryView, GetExitSummaryQuery } from './get-exit-summary.query.js';

/** The exit summary (R19): steps opened, closed and pending, the professionals, the network; records by reference. */
@QueryHandler(GetExitSummaryQuery)
export class GetExitSummaryHandler implements IQueryHandler<GetExitSummaryQuery> {
  constructor(
    private readonly access: CaseAccess,
    private readonly records: ConcertationRecordRepository,
    private readonly items: ActionItemRepository,
    private readonly referents: ReferentRepository,
    private readonly careTeam: CareTeam,
  ) {}

  async execute({ caseId, principal }: GetExitSummaryQuery): Promise<ExitSummaryView> {
    await this.access.requireCoordinator(caseId, principal, 'exit-summary', 'read');
    const [records, items, referent, team] = await Promise.all([
      this.records.listByCase(caseId),
      this.items.listByCase(caseId),
      this.referents.find(caseId),
      this.careTeam.list(caseId),
    ]);
    const pending = items.filter((i) => i.active);
    return {
      caseId,
      records: records.map((r) => ({
        recordId: r.id,
        concertationId: r.snapshot.concertationId,
        held: r.snapshot.held,
        version: r.snapshot.version,
        href: `/v1/concertations/${r.snapshot.concertationId}/record`,
      })),
      steps: { opened: items.length, closed: items.length - pending.length, pending: pending.length },
      pending: pending.map((i) => ({
        itemId: i.id,
        kind: i.snapshot.kind,
        dueOn: i.snapshot.dueOn,
        status: i.snapshot.status,
      })),
      professionals: team
        .filter((p) => p.professionalId)
        .map((p) => ({ professionalId: p.professionalId!, ...(p.role ? { role: p.role } : {}) })),
      network: team
        .filter((p) => p.kind !== 'person')
        .map((p) => ({ participantId: p.id, kind: p.kind, referent: p.id === referent })),
    };
  }
}
