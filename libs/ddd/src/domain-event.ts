/** Something that happened inside an aggregate; stays inside its service. */
export abstract class DomainEvent {
  abstract readonly name: string;
  constructor(
    readonly aggregateId: string,
    readonly occurredAt: Date,
  ) {}
}
