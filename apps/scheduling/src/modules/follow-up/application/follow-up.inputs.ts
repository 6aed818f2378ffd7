import type { ReviewKind, AttendanceMode } from '../domain/concertation-record.aggregate.js';
import type { ActionItemKind, BlockerReason } from '../domain/action-item.aggregate.js';

export interface OwnerInput {
  participantId?: string;
  organisationId?: string;
}

export interface ActionItemInput {
  kind: Exclude<ActionItemKind, 'contact-person'>;
  title: string;
  owner: OwnerInput;
  dueOn: string;
}

export interface RecordInput {
  held: boolean;
  attendance?: Array<{ participantId: string; mode: AttendanceMode }>;
  wishes?: string[];
  decisions?: string[];
  actionItems?: ActionItemInput[];
  referent?: { participantId: string };
  nextReview?: { on: string; kind: ReviewKind };
  /** Required once the record is locked. */
  amendmentReason?: string;
}

export type { BlockerReason };
