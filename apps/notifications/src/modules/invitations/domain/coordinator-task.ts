import { AppException } from '#concerto/ddd';
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
  /** Calls made (each one recorded, whatever its outcome); 1 for a letter once posted. */
  attempts: number;
  /** The last call's outcome, or `posted` for a letter. */
  outcome?: TaskOutcome;
  lastAttemptAt?: Date;
  /** Who marked the task done (a coordinator's directory id). */
  closedBy?: string;
}

/** What came of a call to an invitee (a controlled list: the worklist and the audit read it). */
export const CALL_OUTCOMES = ['reached', 'no-answer', 'wrong-number', 'voicemail-left', 'refused'] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];
export type TaskOutcome = CallOutcome | 'posted';

/**
 * After these there is nothing more to try by phone: the invitee was told, said they do not want
 * to be called, or the number is wrong (the coordinator corrects the contact; a new task follows).
 * After no answer or a voicemail the task stays open for another try.
 */
const FINAL_CALL_OUTCOMES: readonly CallOutcome[] = ['reached', 'wrong-number', 'refused'];

/** A coordinator's work on a task: what to write back. */
export interface TaskProgress {
  status: 'open' | 'done';
  attempts: number;
  outcome: TaskOutcome;
  lastAttemptAt: Date;
  closedBy?: string;
  closedAt?: Date;
}

function requireOpen(task: CoordinatorTask, kind: TaskKind): void {
  if (task.kind !== kind) {
    throw new AppException(
      'TASK_KIND_MISMATCH',
      'conflict',
      kind === 'phone-call' ? 'This task is not a phone call.' : 'This task is not a letter to post.',
    );
  }
  if (task.status !== 'open') {
    throw new AppException('TASK_CLOSED', 'conflict', `This task is already ${task.status}.`);
  }
}

/** One call made for an open phone-call task: counted; the task is done when the outcome is final. */
export function recordCall(task: CoordinatorTask, outcome: CallOutcome, by: string, at: Date): TaskProgress {
  requireOpen(task, 'phone-call');
  const done = FINAL_CALL_OUTCOMES.includes(outcome);
  return {
    status: done ? 'done' : 'open',
    attempts: task.attempts + 1,
    outcome,
    lastAttemptAt: at,
    ...(done ? { closedBy: by, closedAt: at } : {}),
  };
}

/** The letter of an open post-letter task went out: the task is done. */
export function markLetterPosted(task: CoordinatorTask, by: string, at: Date): TaskProgress {
  requireOpen(task, 'post-letter');
  return {
    status: 'done',
    attempts: task.attempts + 1,
    outcome: 'posted',
    lastAttemptAt: at,
    closedBy: by,
    closedAt: at,
  };
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
  abstract findForCase(
    caseId: string,
    taskId: string,
    options?: { forUpdate?: boolean },
  ): Promise<CoordinatorTask | undefined>;
  /** Writes a coordinator's progress on a task that is still open (false when it no longer is). */
  abstract recordProgress(taskId: string, progress: TaskProgress): Promise<boolean>;
}
