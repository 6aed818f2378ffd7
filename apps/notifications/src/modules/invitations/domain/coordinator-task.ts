import type { MessageKind } from './message-templates.js';

export type TaskKind = 'phone-call' | 'post-letter' | 'substitute-proposal' | 'no-answer';
export type TaskStatus = 'open' | 'done' | 'resolved' | 'superseded' | 'cancelled';

/** Something only a person can do about an invitation: call, post a letter, find a substitute, chase an answer. */
export interface CoordinatorTask {
  id: string;
  caseId: string;
  invitationId: string;
  concertationId: string;
  sequence: number;
  kind: TaskKind;
  status: TaskStatus;
  messageKind?: string;
  language?: string;
  letterId?: string;
  candidates?: string[];
  createdAt: Date;
  closedAt?: Date;
}

export interface NewTask {
  idempotencyKey: string;
  caseId: string;
  invitationId: string;
  concertationId: string;
  sequence: number;
  kind: TaskKind;
  messageKind?: MessageKind;
  language?: string;
  letterId?: string;
  letterPath?: string;
  candidates?: string[];
}

/** Which open tasks a newer version of the meeting, an answer or a cancellation made moot. */
export interface MootTasks {
  concertationId?: string;
  invitationId?: string;
  olderThanSequence?: number;
  kinds?: TaskKind[];
}

/** The coordinator's tasks. Writes join the ambient transaction; a task is recorded once per idempotency key. */
export abstract class CoordinatorTaskRepository {
  /** False when a task with that key exists. */
  abstract add(task: NewTask, at: Date): Promise<boolean>;
  abstract close(where: MootTasks, status: 'resolved' | 'superseded' | 'cancelled', at: Date): Promise<void>;
  abstract listForCase(caseId: string): Promise<CoordinatorTask[]>;
  abstract findForCase(caseId: string, taskId: string): Promise<CoordinatorTask | undefined>;
}
