import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { AvailabilityRepository, type RoomView } from '../../availability.repository.js';
import { ListRoomsQuery } from './list-rooms.query.js';

@QueryHandler(ListRoomsQuery)
export class ListRoomsHandler implements IQueryHandler<ListRoomsQuery> {
  constructor(private readonly availability: AvailabilityRepository) {}

  execute({ bassinId }: ListRoomsQuery): Promise<RoomView[]> {
    return this.availability.rooms(bassinId);
  }
}
