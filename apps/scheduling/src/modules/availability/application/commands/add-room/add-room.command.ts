import { Command } from '@nestjs/cqrs';
import type { Principal } from '#concerto/auth';
import type { RoomView } from '../../availability.repository.js';

export class AddRoomCommand extends Command<RoomView> {
  constructor(
    readonly bassinId: string,
    readonly principal: Principal,
    readonly room: Omit<RoomView, 'id' | 'bassinId' | 'lift' | 'disabledParking'> &
      Partial<Pick<RoomView, 'lift' | 'disabledParking'>>,
  ) {
    super();
  }
}
