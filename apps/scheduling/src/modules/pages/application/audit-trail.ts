import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { CASE_AUDIT_API, type CaseAuditApi, type CaseAuditEntry } from '#concerto/contracts';

/** Port: this service's own audit entries about a case (answer links read, coordinators' accesses). */
export abstract class OwnAuditTrail {
  abstract aboutCase(caseId: string, limit: number): Promise<CaseAuditEntry[]>;
}

const LIMIT = 200;

/**
 * Who read or changed the person's file, gathered from the services that keep an audit log about
 * the case: this one's own, and the cases service's (where coordinators open the file) through its
 * read API (ADR 0007). Without the cases service the page still shows this service's part, and says
 * nothing false: it lists what it could read.
 */
@Injectable()
export class PersonAuditTrail {
  private readonly logger = new Logger('PersonAuditTrail');

  constructor(
    private readonly own: OwnAuditTrail,
    @Optional() @Inject(CASE_AUDIT_API) private readonly cases?: CaseAuditApi,
  ) {}

  async aboutCase(caseId: string): Promise<CaseAuditEntry[]> {
    const [own, fromCases] = await Promise.all([
      this.own.aboutCase(caseId, LIMIT),
      this.cases
        ? this.cases.entriesAboutCase(caseId, LIMIT).catch((error: unknown) => {
            this.logger.warn(`cases audit unavailable: ${error instanceof Error ? error.message : String(error)}`);
            return [];
          })
        : Promise.resolve([]),
    ]);
    return [...own, ...fromCases].sort((a, b) => b.at.localeCompare(a.at)).slice(0, LIMIT);
  }
}
