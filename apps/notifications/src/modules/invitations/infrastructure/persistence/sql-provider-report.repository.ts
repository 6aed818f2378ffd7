import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '#concerto/messaging';
import { queryRows } from '#concerto/persistence';
import { type ProviderReport, ProviderReportRepository, type ReportedStatus } from '../../domain/provider-report.js';

const S = 'notifications';

/** The provider_reports table. */
@Injectable()
export class SqlProviderReportRepository extends ProviderReportRepository {
  constructor(private readonly uow: UnitOfWork) {
    super();
  }

  async record(report: ProviderReport, at: Date): Promise<void> {
    await this.uow.transaction
      .requireManager()
      .query(
        `INSERT INTO "${S}"."provider_reports" ("provider","provider_message_id","status","error_code","received_at") VALUES ($1,$2,$3,$4,$5) ON CONFLICT DO NOTHING`,
        [report.provider, report.providerMessageId, report.status, report.errorCode ?? null, at],
      );
  }

  async unapplied(providerMessageId: string): Promise<Array<{ status: ReportedStatus; errorCode?: string }>> {
    const rows = await queryRows<{ status: ReportedStatus; error_code: string | null }>(
      this.uow.manager,
      `SELECT "status","error_code" FROM "${S}"."provider_reports" WHERE "provider_message_id" = $1 AND "applied_at" IS NULL ORDER BY "received_at"`,
      [providerMessageId],
    );
    return rows.map((r) => ({ status: r.status, ...(r.error_code ? { errorCode: r.error_code } : {}) }));
  }

  async markApplied(providerMessageId: string, at: Date): Promise<void> {
    await this.uow.transaction
      .requireManager()
      .query(
        `UPDATE "${S}"."provider_reports" SET "applied_at" = $2 WHERE "provider_message_id" = $1 AND "applied_at" IS NULL`,
        [providerMessageId, at],
      );
  }
}
