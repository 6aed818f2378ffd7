import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '#concerto/messaging';
import { CaseTimelineRepository, type TimelineEntry } from '../../domain/case-timeline.repository.js';
import { TimelineEntryEntity } from './case.entity.js';

@Injectable()
export class TypeormCaseTimelineRepository extends CaseTimelineRepository {
  constructor(private readonly uow: UnitOfWork) {
    super();
  }

  async append(entry: TimelineEntry): Promise<void> {
    const timeline = this.uow.transaction.requireManager().getRepository(TimelineEntryEntity);
    await timeline.save(timeline.create(entry));
  }

  async entriesOf(caseId: string): Promise<TimelineEntry[]> {
    const rows = await this.uow.manager
      .getRepository(TimelineEntryEntity)
      .find({ where: { caseId }, order: { id: 'ASC' } });
    return rows.map((r) => ({
      caseId: r.caseId,
      at: new Date(r.at),
      kind: r.kind,
      actorId: r.actorId,
      details: r.details,
    }));
  }
}
