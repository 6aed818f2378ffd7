import { Query } from '@nestjs/cqrs';
import type { RoomView } from '../../availability.repository.js';

export class ListRoomsQuery extends Query<RoomView[]> {
  constructor(readonly bassinId: string) {
    super();
  }
}
