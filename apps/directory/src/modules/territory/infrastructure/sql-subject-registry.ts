import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { DeniedSubjectAttempt, DirectorySubject } from '#concerto/contracts';
import { CLOCK, type Clock } from '#concerto/ddd';
import { AmbientTransaction, AuditLog } from '#concerto/persistence';
import { DIRECTORY_DB, DIRECTORY_SCHEMA } from '../../../directory.tokens.js';
import { SubjectRegistry } from '../application/subject-registry.port.js';

@Injectable()
export class SqlSubjectRegistry extends SubjectRegistry {
  private readonly audit: AuditLog;

  constructor(
    @Inject(DIRECTORY_DB) private readonly ds: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    super();
    // No transaction is open on a denied request: the entry autocommits.
    this.audit = new AuditLog(DIRECTORY_SCHEMA, new AmbientTransaction(ds));
  }

  async findSubject(id: string): Promise<DirectorySubject | undefined> {
    const [row] = await this.ds.query<Array<{ id: string; roles: string[]; bassins: string[] }>>(
      `SELECT "id","roles","bassins" FROM "directory"."professionals" WHERE "id" = $1 AND "active"`,
      [id],
    );
    return row ? { id: row.id, roles: row.roles, bassins: row.bassins } : undefined;
  }

  async recordDeniedAttempt(attempt: DeniedSubjectAttempt): Promise<void> {
    await this.audit.record({
      actorId: attempt.subjectId,
      action: 'denied',
      subjectType: 'principal',
      subjectId: attempt.subjectId,
      purpose: attempt.reason,
      outcome: 'denied',
      correlationId: attempt.correlationId,
      at: this.clock.now(),
    });
  }
}
