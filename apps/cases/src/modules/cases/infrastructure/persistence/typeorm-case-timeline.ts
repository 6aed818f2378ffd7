import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CaseTimeline, type TimelineEntry } from '../../application/case-timeline.port.js';
import { TimelineEntryEntity } from './case.entity.js';

@Injectable()
export class TypeormCaseTimeline extends CaseTimeline {
  async append(tx: EntityManager, entry: TimelineEntry): Promise<void> {
    await tx.getRepository(TimelineEntryEntity).insert({ ...entry, details: entry.details as never });
  }

  list(tx: EntityManager, caseId: string): Promise<TimelineEntry[]> {
    return tx.getRepository(TimelineEntryEntity).find({ where: { caseId }, order: { id: 'ASC' } });
  }
}
