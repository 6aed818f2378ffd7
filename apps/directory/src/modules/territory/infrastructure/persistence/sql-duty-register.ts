import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AmbientTransaction, AuditLog, queryRows } from '#concerto/persistence';
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
      const [found] = await queryRows<{ id: string }>(
        this.tx.manager,
        `SELECT "id" FROM "directory"."professionals" WHERE "id" = $1 AND "active" FOR UPDATE`,
        [change.professionalId],
      );
      if (!found) {
        return false;
      }
      await this.tx.manager.query(`UPDATE "directory"."professionals" SET "on_duty" = $2 WHERE "id" = $1`, [
        change.professionalId,
        change.onDuty,
      ]);
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
