import { Inject, Injectable } from '@nestjs/common';
import { DIRECTORY_READ_API, type DirectoryReadApi } from '#concerto/contracts';
import { UnitOfWork } from '#concerto/messaging';
import { queryRows } from '#concerto/persistence';
import { type CalendarOwner, CalendarOwners } from '../../application/calendar-owners.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Injectable()
export class SqlCalendarOwners extends CalendarOwners {
  constructor(
    private readonly uow: UnitOfWork,
    @Inject(DIRECTORY_READ_API) private readonly directory: DirectoryReadApi,
  ) {
    super();
  }

  async find(ownerId: string): Promise<CalendarOwner | undefined> {
    // A participant's calendar is keyed by the participant id, a professional's by the directory id.
    const rows = await queryRows<{ bassin_id: string | null }>(
      this.uow.manager,
      `SELECT DISTINCT v."bassin_id" FROM "scheduling"."participants" p
         LEFT JOIN "scheduling"."case_view" v ON v."case_id" = p."case_id"
        WHERE p."removed_at" IS NULL AND (p."professional_id" = $1 ${UUID.test(ownerId) ? `OR p."id" = $1::uuid` : ''})`,
      [ownerId],
    );
    const caseBassins = rows.map((r) => r.bassin_id).filter((b): b is string => !!b);
    if (rows.length > 0) {
      return { caseBassins };
    }
    return (await this.directory.findProfessional(ownerId)) ? { caseBassins } : undefined;
  }
}
