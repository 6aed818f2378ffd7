import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AppException, CLOCK, type Clock } from '#concerto/ddd';
import { UnitOfWork } from '#concerto/messaging';
import { CoordinatedConcertations } from '../../../../concertations/application/coordinated-concertations.js';
import { brusselsDay } from '../../../domain/brussels-calendar.js';
import { ConcertationRecord } from '../../../domain/concertation-record.aggregate.js';
import { ConcertationRecordRepository, ReferentRepository } from '../../../domain/follow-up.repository.js';
import { FollowUpSettings } from '../../follow-up-policy.js';
import { FollowUpStore } from '../../follow-up-store.js';
import { RecordWriter } from '../../record-writer.js';
import { RecordViews } from '../../record.view.js';
import { RecordConcertationCommand } from './record-concertation.command.js';

@CommandHandler(RecordConcertationCommand)
export class RecordConcertationHandler implements ICommandHandler<RecordConcertationCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly concertations: CoordinatedConcertations,
    private readonly records: ConcertationRecordRepository,
    private readonly referents: ReferentRepository,
    private readonly writer: RecordWriter,
    private readonly store: FollowUpStore,
    private readonly settings: FollowUpSettings,
    private readonly views: RecordViews,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute({ concertationId, principal, input }: RecordConcertationCommand) {
    return this.uow.run(async () => {
      const now = this.clock.now();
      const { meeting } = await this.concertations.load(concertationId, principal, 'record-concertation');
      const m = meeting.snapshot;
      if (m.status === 'cancelled') {
        throw new AppException('CONCERTATION_CANCELLED', 'conflict', 'A cancelled concertation has no record.');
      }
      if (input.held && m.start > now) {
        throw new AppException('MEETING_NOT_STARTED', 'conflict', 'A meeting can be marked held once it has started.');
      }
      if (await this.records.findByConcertation(concertationId, { forUpdate: true })) {
        throw new AppException('RECORD_EXISTS', 'conflict', 'This concertation is already recorded: amend its record.');
      }
      const team = await this.writer.team(m.caseId);
      const recordId = randomUUID();
      const items = input.held
        ? this.writer.newItems(input.actionItems ?? [], { caseId: m.caseId, recordId, by: principal.userId, now }, team)
        : [];
      const writtenInputFrom = m.invitations.filter((i) => i.status === 'written-input').map((i) => i.participantId);
      const content = this.writer.content(
        input,
        team,
        items.map((i) => i.id),
        writtenInputFrom,
        now,
      );
      const record = ConcertationRecord.write(
        { ...content, id: recordId, concertationId, caseId: m.caseId, recordedBy: principal.userId, recordedAt: now },
        brusselsDay(now),
        this.settings.lockAfterDays,
      );
      await this.store.addRecord(record);
      for (const item of items) {
        await this.store.addItem(item);
      }
      if (content.referentParticipantId) {
        await this.referents.designate(m.caseId, content.referentParticipantId, principal.userId, now);
      }
      return this.views.of(record);
    });
  }
}
