import { Injectable } from '@nestjs/common';
import { AppException } from '#concerto/ddd';
import type { CaseView } from '../../case-view/application/case-access.js';
import type { MeetingPlace } from '#concerto/contracts';
import { addressLine, AvailabilityRepository } from '../../availability/application/availability.repository.js';
import type { Location } from '../../slots/domain/slot-search.types.js';
import type { MeetingLocation } from '../domain/concertation.aggregate.js';
import { ConcertationRepository } from '../domain/concertation.repository.js';
import type { MeetingLocationInput } from './concertation.view.js';

const LABELS = { video: 'Video call', phone: 'Phone call', home: "At the person's home" } as const;

/** The places a meeting can take: the bassin's rooms (with their bookings), a call, or the person's home. */
@Injectable()
export class MeetingLocations {
  constructor(
    private readonly availability: AvailabilityRepository,
    private readonly concertations: ConcertationRepository,
  ) {}

  async resolve(view: CaseView, input: MeetingLocationInput): Promise<MeetingLocation> {
    if (input.kind === 'room') {
      const room = (await this.availability.rooms(view.bassinId)).find((r) => r.id === input.roomId);
      if (!room) {
        throw new AppException('ROOM_NOT_FOUND', 'invalid', "No such room in the case's bassin.", {
          field: 'location.roomId',
        });
      }
      return { kind: 'room', roomId: room.id, label: room.name };
    }
    return { kind: input.kind, label: input.label ?? LABELS[input.kind] };
  }

  /**
   * The place as people are told about it: a room with its current street address and access
   * (read when the message, page or calendar entry is made, so a corrected address reaches the
   * next one), anything else as it was recorded.
   */
  async describe(bassinId: string | undefined, location: MeetingLocation): Promise<MeetingPlace> {
    if (location.kind !== 'room' || !bassinId) {
      return { ...location };
    }
    const room = (await this.availability.rooms(bassinId)).find((r) => r.id === location.roomId);
    if (!room) {
      return { ...location };
    }
    return {
      ...location,
      ...(room.address ? { address: addressLine(room.address) } : {}),
      access: { stepFree: room.stepFree, lift: room.lift, disabledParking: room.disabledParking },
    };
  }

  /** Every place the slot search may use between `from` and `to`. */
  async forSearch(view: CaseView, from: Date, to: Date): Promise<Location[]> {
    const rooms = await this.availability.rooms(view.bassinId);
    const bookings = await this.concertations.roomBookings(from, to);
    return [
      ...rooms.map((r) => ({
        id: r.id,
        kind: 'room' as const,
        capacity: r.capacity,
        stepFree: r.stepFree,
        busy: bookings.filter((b) => b.roomId === r.id).map((b) => ({ start: b.start, end: b.end })),
      })),
      { id: 'video', kind: 'video' as const },
      { id: 'phone', kind: 'phone' as const },
    ];
  }
}
