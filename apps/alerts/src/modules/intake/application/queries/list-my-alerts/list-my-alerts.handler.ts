import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DIRECTORY_READ_API, type DirectoryReadApi } from '#concerto/contracts';
import { CLOCK, type Clock } from '#concerto/ddd';
import { currentCorrelationId } from '#concerto/observability';
import { AuditLog } from '#concerto/persistence';
import { MyAlertsReader } from '../../ports/my-alerts.reader.js';
import { ListMyAlertsQuery, type MyAlertView } from './list-my-alerts.query.js';

/**
 * A reporter reads the alerts they raised: only theirs (the principal is the filter, there is no
 * parameter to forge), only the status and the owner. The read is audited like every read.
 */
@QueryHandler(ListMyAlertsQuery)
export class ListMyAlertsHandler implements IQueryHandler<ListMyAlertsQuery> {
  constructor(
    private readonly reader: MyAlertsReader,
    private readonly audit: AuditLog,
    @Inject(DIRECTORY_READ_API) private readonly directory: DirectoryReadApi,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ principal, limit }: ListMyAlertsQuery): Promise<{ items: MyAlertView[] }> {
    const rows = await this.reader.listByReporter(principal.userId, limit);
    await this.audit.record({
      actorId: principal.userId,
      action: 'read',
      subjectType: 'principal',
      subjectId: principal.userId,
      purpose: 'list-my-alerts',
      outcome: 'allowed',
      correlationId: currentCorrelationId(),
      at: this.clock.now(),
    });
    const owners = new Map<string, string | undefined>();
    for (const ownerId of new Set(rows.map((r) => r.ownerId))) {
      owners.set(ownerId, (await this.directory.findProfessional(ownerId))?.displayName);
    }
    return {
      items: rows.map((r) => {
        const displayName = owners.get(r.ownerId);
        return {
          alertId: r.alertId,
          raisedAt: r.raisedAt.toISOString(),
          status: r.status,
          owner: displayName ? { id: r.ownerId, displayName } : { id: r.ownerId },
          bassinId: r.bassinId,
        };
      }),
    };
  }
}
