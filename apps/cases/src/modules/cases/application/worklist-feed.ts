import { Injectable } from '@nestjs/common';
import { Observable, Subject } from 'rxjs';

/** What a worklist stream tells: ids and statuses only, never who the person is. */
export interface WorklistChange {
  caseId: string;
  bassinId: string;
  /** The case's reference bassin (R16): `inter-bassin` cases reach the leads of every bassin. */
  referenceBassin: string;
  status: string;
  urgency: string;
  ownerId: string;
  pendingSignals: number;
  /** The domain event that changed the case, e.g. `alert.attached`. */
  change: string;
}

/**
 * Port: the committed changes of cases, shared by every replica of the service. `record` writes one
 * in the ambient transaction (so it exists exactly when the change commits); each replica reads
 * the log and publishes what it finds to its own `WorklistFeed`.
 */
export abstract class WorklistChangeLog {
  abstract record(change: WorklistChange): Promise<void>;
}

/**
 * Live changes of cases for this process's worklist streams. Fed from the shared change log (not
 * from this process's own commits), so a coordinator connected to any replica sees every change.
 */
@Injectable()
export class WorklistFeed {
  private readonly subject = new Subject<WorklistChange>();

  publish(change: WorklistChange): void {
    this.subject.next(change);
  }

  get changes(): Observable<WorklistChange> {
    return this.subject.asObservable();
  }
}
