import { randomUUID } from 'node:crypto';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { coordinatesBassin } from '#concerto/auth';
import { AppException } from '#concerto/ddd';
import { UnitOfWork } from '#concerto/messaging';
import { AvailabilityRepository, type RoomView } from '../../availability.repository.js';
import { AddRoomCommand } from './add-room.command.js';

@CommandHandler(AddRoomCommand)
export class AddRoomHandler implements ICommandHandler<AddRoomCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly availability: AvailabilityRepository,
  ) {}

  async execute({ bassinId, principal, room }: AddRoomCommand): Promise<RoomView> {
    if (!coordinatesBassin(principal, bassinId)) {
      throw new AppException('FORBIDDEN', 'forbidden', "Only the bassin's coordinators manage its rooms.");
    }
    const added: RoomView = {
      id: randomUUID(),
      bassinId,
      name: room.name,
      capacity: room.capacity,
      stepFree: room.stepFree,
      lift: room.lift ?? false,
      disabledParking: room.disabledParking ?? false,
      ...(room.address ? { address: room.address } : {}),
    };
    await this.uow.run(() => this.availability.addRoom(added));
    return added;
  }
}
