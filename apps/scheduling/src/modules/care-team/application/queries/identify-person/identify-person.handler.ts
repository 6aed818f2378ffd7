import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { PERSON_IDENTITY_API, type PersonIdentity, type PersonIdentityApi } from '#concerto/contracts';
import { IdentifyPersonQuery } from './identify-person.query.js';

@QueryHandler(IdentifyPersonQuery)
export class IdentifyPersonHandler implements IQueryHandler<IdentifyPersonQuery> {
  constructor(@Inject(PERSON_IDENTITY_API) private readonly persons: PersonIdentityApi) {}

  execute({ personRef }: IdentifyPersonQuery): Promise<PersonIdentity | undefined> {
    return this.persons.identify(personRef);
  }
}
