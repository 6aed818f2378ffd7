import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AppException, CLOCK, type Clock } from '#concerto/ddd';
import { UnitOfWork } from '#concerto/messaging';
import { CoordinatedConcertations } from '../../../../concertations/application/coordinated-concertations.js';
import { brusselsDay } from '../../../domain/brussels-calendar.js';
import { ConcertationRecord } from '../../../domain/concertation-record.aggregate.js';
import { ConcertationRecordRepository, ReferentRepository } from '../../../domain/follow-up.repository.js';
import { FollowUpStore } from '../../follow-up-store.js';
import { RecordWriter } from '../../record-writer.js';
import { RecordViews } from '../../record.view.js';
import { AmendConcertationRecordCommand } from './amend-concertation-record.command.js';

@CommandHandler(AmendConcertationRecordCommand)
export class AmendConcertationRecordHandler implements ICommandHandler<AmendConcertationRecordCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly concertations: CoordinatedConcertations,
    private readonly records: ConcertationRecordRepository,
    private readonly referents: ReferentRepository,
    private readonly writer: RecordWriter,
    private readonly store: FollowUpStore,
    private readonly views: RecordViews,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute({ concertationId, principal, input }: AmendConcertationRecordCommand) {
    return this.uow.run(async () => {
      const now = this.clock.now();
      const { meeting } = await this.concertations.load(concertationId, principal, 'amend-concertation-record');
      const record = await this.records.findByConcertation(concertationId, { forUpdate: true });
      if (!record) {
        throw new AppException('RECORD_NOT_FOUND', 'not-found', 'This concertation has no record yet.');
      }
      const previous = ConcertationRecord.restore(structuredClone(record.snapshot));
      const m = meeting.snapshot;
      const team = await this.writer.team(m.caseId);
      // Items already opened stay (they have their own life); an amendment may add new ones.
      const added = input.held
        ? this.writer.newItems(
            input.actionItems ?? [],
            { caseId: m.caseId, recordId: record.id, by: principal.userId, now },
            team,
          )
        : [];
      const content = this.writer.content(
        input,
        team,
        [...record.snapshot.actionItemIds, ...added.map((i) => i.id)],
        m.invitations.filter((i) => i.status === 'written-input').map((i) => i.participantId),
        now,
      );
      record.amend(content, principal.userId, now, brusselsDay(now), input.amendmentReason);
      await this.store.amendRecord(record, previous, input.amendmentReason);
      for (const item of added) {
        await this.store.addItem(item);
      }
      if (content.referentParticipantId) {
        await this.referents.designate(m.caseId, content.referentParticipantId, principal.userId, now);
      }
      return this.views.of(record);
    });
  }
}
