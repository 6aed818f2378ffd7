import { Query } from '@nestjs/cqrs';

/** The directory role of a reporter (e.g. pharmacist), or undefined when unknown or unreachable. */
export class ReporterRoleQuery extends Query<string | undefined> {
  constructor(readonly reporterId: string) {
    super();
  }
}
