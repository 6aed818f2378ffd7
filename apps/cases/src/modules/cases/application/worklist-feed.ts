import { Injectable } from '@nestjs/common';
import { Observable, Subject } from 'rxjs';

/** What a worklist stream tells: ids and statuses only, never who the person is. */
export interface WorklistChange {
  caseId: string;
  bassinId: string;
  status: string;
  urgency: string;
  ownerId: string;
  pendingSignals: number;
  /** The domain event that changed the case, e.g. `alert.attached`. */
  change: string;
}

/**
 * Live changes of cases, published once their transaction committed, for the worklist stream of
 * this process. A case changed by another replica of the service is not seen here (see README).
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
