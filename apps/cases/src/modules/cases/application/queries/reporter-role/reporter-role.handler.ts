import { Inject, Logger } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DIRECTORY_READ_API, type DirectoryReadApi } from '#concerto/contracts';
import { ReporterRoleQuery } from './reporter-role.query.js';

/**
 * Read before the intake transaction opens. A signal never waits for the directory: when it does
 * not answer, the signal is stored without the role (the reporter's id is always there).
 */
@QueryHandler(ReporterRoleQuery)
export class ReporterRoleHandler implements IQueryHandler<ReporterRoleQuery> {
  private readonly logger = new Logger(ReporterRoleHandler.name);

  constructor(@Inject(DIRECTORY_READ_API) private readonly directory: DirectoryReadApi) {}

  async execute({ reporterId }: ReporterRoleQuery): Promise<string | undefined> {
    try {
      return (await this.directory.findProfessional(reporterId))?.role;
    } catch (error) {
      this.logger.warn({
        msg: 'directory unavailable, signal stored without the reporter role',
        error: error instanceof Error ? error.message : String(error),
      });
      return undefined;
    }
  }
}
