import { AppException, type Clock } from '#concerto/ddd';
import { currentCorrelationId } from '#concerto/observability';
import { type AmbientTransaction } from './ambient-transaction.js';
import { type AuditAction, type AuditEntry, type AuditLog } from './audit-log.js';

/** What the decision callback answers: the kind of access granted, or why it is refused. */
export type AccessVerdict<G> = { granted: G } | { denied: 'not-found' | 'forbidden' };

export interface AccessCheck<S, G> {
  actorId: string;
  subjectType: AuditEntry['subjectType'];
  subjectId: string;
  purpose: string;
  /** What the access does when it is allowed; a refusal is audited as `denied`. */
  action: Exclude<AuditAction, 'denied'>;
  /** Reads the subject inside the check's transaction (lock it there when the caller then writes it). */
  load(): Promise<S | undefined>;
  decide(subject: S): AccessVerdict<G>;
  /** The error of a refusal. `forbidden` defaults to `notFound`: a stranger must not learn that the subject exists. */
  notFound: { code: string; message: string };
  forbidden?: { code: string; message: string };
}

export interface GrantedAccess<S, G> {
  subject: S;
  access: G;
}

/** A unit of work: opens (or joins) the service's transaction. */
export interface TransactionRunner {
  readonly transaction: AmbientTransaction;
  run<T>(work: () => Promise<T>): Promise<T>;
}

/**
 * The one audited access check: load the subject, decide by the caller's rule, record the audit
 * entry (allowed or denied) in the same transaction, and raise the AppException of a refusal only
 * once that transaction committed, so that a denial is always on record.
 */
export class AuditedAccess {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  /** Checks and returns the subject with the access granted. */
  check<S, G>(check: AccessCheck<S, G>): Promise<GrantedAccess<S, G>>;
  /** Checks, then runs `use` in the same transaction (a write on what was checked, still locked). */
  check<S, G, R>(check: AccessCheck<S, G>, use: (granted: GrantedAccess<S, G>) => Promise<R>): Promise<R>;
  async check<S, G, R>(
    check: AccessCheck<S, G>,
    use?: (granted: GrantedAccess<S, G>) => Promise<R>,
  ): Promise<R | GrantedAccess<S, G>> {
    if (this.transactions.transaction.active) {
      // Joined, the denial would roll back with the caller's transaction when the error is raised.
      throw new Error('an audited access check opens its own transaction: call it outside one');
    }
    const outcome = await this.transactions.run(
      async (): Promise<{ denied: 'not-found' | 'forbidden' } | { value: R | GrantedAccess<S, G> }> => {
        const subject = await check.load();
        const verdict: AccessVerdict<G> = subject === undefined ? { denied: 'not-found' } : check.decide(subject);
        await this.audit.record({
          actorId: check.actorId,
          action: 'granted' in verdict ? check.action : 'denied',
          subjectType: check.subjectType,
          subjectId: check.subjectId,
          purpose: check.purpose,
          outcome: 'granted' in verdict ? 'allowed' : 'denied',
          correlationId: currentCorrelationId(),
          at: this.clock.now(),
        });
        if (!('granted' in verdict) || subject === undefined) {
          return { denied: 'granted' in verdict ? 'not-found' : verdict.denied };
        }
        const granted = { subject, access: verdict.granted };
        return { value: use ? await use(granted) : granted };
      },
    );
    if ('denied' in outcome) {
      const error = outcome.denied === 'forbidden' ? (check.forbidden ?? check.notFound) : check.notFound;
      throw new AppException(
        error.code,
        outcome.denied === 'forbidden' && check.forbidden ? 'forbidden' : 'not-found',
        error.message,
      );
    }
    return outcome.value;
  }
}
