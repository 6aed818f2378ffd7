import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '#concerto/ddd';
import { AvailabilityRepository } from '../../availability/application/availability.repository.js';
import type { CaseView } from '../../case-view/application/case-access.js';
import { CareTeam, type ParticipantView } from '../../care-team/application/care-team.reader.js';
import type { Participant as SlotParticipant } from '../../slots/domain/slot-search.types.js';
import { MeetingLocations } from './meeting-locations.js';
import type { SlotSearchInput, SlotSearchView } from './queries/search-slots/search-slots.query.js';
import { SlotSearcher } from './slot-searcher.js';

/**
 * The slot search over a case's care team, for a coordinator's query and for the next review's
 * proposal (issue 17): the caller has already decided who may run it.
 */
@Injectable()
export class TeamSlotSearch {
  constructor(
    private readonly team: CareTeam,
    private readonly availability: AvailabilityRepository,
    private readonly locations: MeetingLocations,
    private readonly slots: SlotSearcher,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async search(caseId: string, view: CaseView, input: SlotSearchInput): Promise<SlotSearchView> {
    const now = this.clock.now();
    const earliest = input.earliest ? new Date(input.earliest) : now;
    const horizonDays = input.horizonDays ?? 14;
    const until = new Date(earliest.getTime() + horizonDays * 86_400_000);
    const participants = (await this.team.list(caseId)).filter((p) => !p.waived || p.kind === 'person');
    const ownerIds = participants.map(calendarOwner);
    const [hours, busy] = await Promise.all([
      this.availability.weeklyHoursOf(ownerIds),
      this.availability.busyOf(ownerIds, earliest, until),
    ]);
    const slotParticipants: SlotParticipant[] = participants.map((p) => {
      const owner = calendarOwner(p);
      const weeklyHours = hours.get(owner);
      const blocks = busy.get(owner) ?? [];
      return {
        id: p.id,
        kind: p.kind,
        role: p.role,
        required: p.required,
        waived: p.waived,
        needsStepFreeAccess: p.needsStepFreeAccess,
        remoteCapable: p.kind !== 'person',
        ...(weeklyHours ? { weeklyHours } : {}),
        busy: blocks,
        availabilityKnown: weeklyHours !== undefined || blocks.length > 0,
      };
    });
    const result = await this.slots.findSlots({
      participants: slotParticipants,
      durationMinutes: input.durationMinutes,
      earliest,
      now,
      deadline: view.deadline,
      minimumNoticeMinutes: input.minimumNoticeMinutes ?? 120,
      bufferMinutes: input.bufferMinutes ?? 15,
      horizonDays,
      locations: await this.locations.forSearch(view, earliest, until),
    });
    return {
      ...result,
      participants: participants.map((p) => ({
        id: p.id,
        displayName: p.displayName,
        kind: p.kind,
        ...(p.role ? { role: p.role } : {}),
      })),
    };
  }
}

/** Whose calendar a participant uses: a professional's own (shared across cases), else the participant's. */
function calendarOwner(p: Pick<ParticipantView, 'professionalId' | 'id'>): string {
  return p.professionalId ?? p.id;
}
