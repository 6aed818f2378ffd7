import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';

@Entity({ schema: 'cases', name: 'cases' })
export class CaseEntity {
  @PrimaryColumn('uuid', { name: 'case_id' }) caseId: string;
  @Column('uuid', { name: 'person_ref' }) personRef: string;
  @Column('varchar', { name: 'bassin_id', length: 32 }) bassinId: string;
  @Column('boolean', { name: 'bassin_needs_confirmation' }) bassinNeedsConfirmation: boolean;
  @Column('varchar', { name: 'reference_bassin', length: 32 }) referenceBassin: string;
  @Column('uuid', { name: 'previous_case_id', nullable: true }) previousCaseId: string | null;
  @Column('timestamptz', { name: 'closed_at', nullable: true }) closedAt: Date | null;
  @Column('varchar', { name: 'close_outcome', length: 32, nullable: true }) closeOutcome: string | null;
  @Column('varchar', { length: 32 }) type: string;
  @Column('varchar', { length: 16 }) urgency: string;
  @Column('varchar', { length: 16 }) status: string;
  @Column('varchar', { name: 'owner_id', length: 64 }) ownerId: string;
  @Column('jsonb', { name: 'escalation_chain' }) escalationChain: {
    coordinatorId: string;
    backupId: string;
    leadId: string;
  };
  @Column('smallint', { name: 'escalation_level' }) escalationLevel: number;
  @Column('timestamptz', { name: 'acknowledge_by' }) acknowledgeBy: Date;
  @Column('varchar', { name: 'acknowledged_by', length: 64, nullable: true }) acknowledgedBy: string | null;
  @Column('timestamptz', { name: 'acknowledged_at', nullable: true }) acknowledgedAt: Date | null;
  @Column('timestamptz', { nullable: true }) deadline: Date | null;
  @Column('jsonb') members: Array<{ actorId: string; role: string; since: string }>;
  @Column('jsonb') alerts: Array<{
    alertId: string;
    type: string;
    urgency: string;
    reporterId: string;
    reporterRole?: string;
    at: string;
  }>;
  @Column('timestamptz', { name: 'opened_at' }) openedAt: Date;
  /** The earliest acknowledgement due among pending signals (the worklist's order and overdue filter). */
  @Column('timestamptz', { name: 'ack_due_at', nullable: true }) ackDueAt: Date | null;
  @Column('integer', { name: 'pending_signals' }) pendingSignals: number;
  @VersionColumn() version: number;
}

/** One alert that landed on a case, and who acknowledged it when. */
@Entity({ schema: 'cases', name: 'signals' })
export class SignalEntity {
  @PrimaryColumn('uuid', { name: 'signal_id' }) signalId: string;
  @Column('uuid', { name: 'case_id' }) caseId: string;
  @Column('varchar', { length: 32 }) type: string;
  @Column('varchar', { length: 16 }) urgency: string;
  @Column('varchar', { name: 'reporter_id', length: 64 }) reporterId: string;
  @Column('varchar', { name: 'reporter_role', length: 64, nullable: true }) reporterRole: string | null;
  @Column('timestamptz', { name: 'received_at' }) receivedAt: Date;
  @Column('timestamptz', { name: 'acknowledge_by' }) acknowledgeBy: Date;
  @Column('varchar', { name: 'acknowledged_by', length: 64, nullable: true }) acknowledgedBy: string | null;
  @Column('timestamptz', { name: 'acknowledged_at', nullable: true }) acknowledgedAt: Date | null;
  @Column('smallint', { name: 'escalation_level' }) escalationLevel: number;
  @Column('varchar', { length: 16, nullable: true }) origin: string | null;
  @Column('uuid', { name: 'moved_from_case_id', nullable: true }) movedFromCaseId: string | null;
}

@Entity({ schema: 'cases', name: 'timeline' })
export class TimelineEntryEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id: string;
  @Column('uuid', { name: 'case_id' }) caseId: string;
  @Column('timestamptz') at: Date;
  @Column('varchar', { length: 40 }) kind: string;
  @Column('varchar', { name: 'actor_id', length: 64 }) actorId: string;
  @Column('jsonb') details: Record<string, unknown>;
}
