import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import {
  ALERTS_AUDIT_API,
  CASE_AUDIT_API,
  type CaseAuditApi,
  type CaseAuditEntry,
  NOTIFICATIONS_AUDIT_API,
} from '#concerto/contracts';

/** Port: this service's own audit entries about a case (answer links read, coordinators' accesses). */
export abstract class OwnAuditTrail {
  abstract aboutCase(caseId: string, limit: number): Promise<CaseAuditEntry[]>;
}

const LIMIT = 200;

/** Where an entry was recorded: the page says what kind of access it was in those terms. */
export type AuditSource = 'scheduling' | 'cases' | 'alerts' | 'notifications';
export type SourcedAuditEntry = CaseAuditEntry & { source: AuditSource };

/**
 * Who read or changed the person's file, gathered from every service that keeps an audit log about
 * the case: this one's own, the cases service's (where coordinators open the file), the alerts
 * service's (the alerts raised about the person) and the notifications service's (letters, calls
 * and messages), each through its read API (ADR 0007, ADR 0025), merged by time. A service that
 * does not answer leaves its part out: the page lists what it could read and says nothing false.
 * The directory keeps no entry about a person or a case (it audits professionals' own accesses),
 * so it has nothing to add here.
 */
@Injectable()
export class PersonAuditTrail {
  private readonly logger = new Logger('PersonAuditTrail');

  constructor(
    private readonly own: OwnAuditTrail,
    @Optional() @Inject(CASE_AUDIT_API) private readonly cases?: CaseAuditApi,
    @Optional() @Inject(ALERTS_AUDIT_API) private readonly alerts?: CaseAuditApi,
    @Optional() @Inject(NOTIFICATIONS_AUDIT_API) private readonly notifications?: CaseAuditApi,
  ) {}

  async aboutCase(caseId: string): Promise<SourcedAuditEntry[]> {
    const parts = await Promise.all([
      this.own.aboutCase(caseId, LIMIT).then((entries) => tag(entries, 'scheduling')),
      this.read('cases', this.cases, caseId),
      this.read('alerts', this.alerts, caseId),
      this.read('notifications', this.notifications, caseId),
    ]);
    return parts
      .flat()
      .sort((a, b) => b.at.localeCompare(a.at))
      .slice(0, LIMIT);
  }

  private async read(source: AuditSource, api: CaseAuditApi | undefined, caseId: string) {
    if (!api) {
      return [];
    }
    try {
      return tag(await api.entriesAboutCase(caseId, LIMIT), source);
    } catch (error) {
      this.logger.warn(`${source} audit unavailable: ${error instanceof Error ? error.message : String(error)}`);
      return [];
    }
  }
}

function tag(entries: CaseAuditEntry[], source: AuditSource): SourcedAuditEntry[] {
  return entries.map((e) => ({ ...e, source }));
}
