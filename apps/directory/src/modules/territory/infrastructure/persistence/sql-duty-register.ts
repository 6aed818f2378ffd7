import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AmbientTransaction, AuditLog } from '#concerto/persistence';
import { DIRECTORY_DB, DIRECTORY_SCHEMA } from '../../../../directory.tokens.js';
import { type DutyChange, DutyRegister } from '../../application/ports/duty-register.js';

@Injectable()
export class SqlDutyRegister extends DutyRegister {
  private readonly tx: AmbientTransaction;
  private readonly audit: AuditLog;

  constructor(@Inject(DIRECTORY_DB) ds: DataSource) {
    super();
    this.tx = new AmbientTransaction(ds);
    this.audit = new AuditLog(DIRECTORY_SCHEMA, this.tx);
  }

  setOnDuty(change: DutyChange): Promise<boolean> {
    return this.tx.run(async () => {
      const updated = (await this.tx.manager.query(
        `UPDATE "directory"."professionals" SET "on_duty" = $2 WHERE "id" = $1 AND "active" RETURNING "id"`,
        [change.professionalId, change.onDuty],
      )) as [unknown[], number] | unknown[];
      const rows = Array.isArray(updated[0]) ? (updated[0] as unknown[]) : (updated as unknown[]);
      if (rows.length === 0) {
        return false;
      }
      await this.audit.record({
        actorId: change.professionalId,
        action: 'update',
        subjectType: 'principal',
        subjectId: change.professionalId,
        purpose: change.onDuty ? 'go-on-duty' : 'go-off-duty',
        outcome: 'allowed',
        correlationId: change.correlationId,
        at: change.at,
      });
      return true;
    });
  }
}
