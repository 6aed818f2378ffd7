import { AppException } from '#concerto/ddd';
import { findSlots, listFeasibleStarts } from './slot-finder.js';
import { SlotSearchError } from './slot-search.exception.js';
import type { Location, Participant, SlotSearch, SlotSearchResult } from './slot-search.types.js';
import type { WeeklyHours } from './weekly-hours.value-object.js';

const OFFICE: WeeklyHours = {
  mon: ['08:00-18:00'],
  tue: ['08:00-18:00'],
  wed: ['08:00-18:00'],
  thu: ['08:00-18:00'],
  fri: ['08:00-18:00'],
};

// Monday 12 January 2026, winter time (UTC+1): 09:00 local = 08:00Z.
const MONDAY = '2026-01-12';
const local = (day: string, hhmm: string, offset = '+01:00'): Date => new Date(`${day}T${hhmm}:00${offset}`);
const busy = (day: string, from: string, to: string): { start: Date; end: Date } => ({
  start: local(day, from),
  end: local(day, to),
});
const allDay = (day: string) => busy(day, '00:00', '23:59');

function pro(id: string, extra: Partial<Participant> = {}): Participant {
  return {
    id,
    kind: 'professional',
    required: false,
    remoteCapable: true,
    weeklyHours: OFFICE,
    busy: [],
    availabilityKnown: true,
    ...extra,
  };
}

/** Simone's team: she needs step-free access and cannot do video; her son is optional. */
function team(overrides: Record<string, Partial<Participant>> = {}): Participant[] {
  const base: Participant[] = [
    {
      id: 'simone',
      kind: 'person',
      required: false,
      remoteCapable: false,
      needsStepFreeAccess: true,
      busy: [],
      availabilityKnown: true,
    },
    pro('gp', { role: 'gp' }),
    pro('nurse', { role: 'home-nurse' }),
    pro('social-worker', { role: 'social-worker' }),
    { id: 'son', kind: 'relative', required: false, remoteCapable: true, busy: [], availabilityKnown: true },
  ];
  return base.map((p) => ({ ...p, ...(overrides[p.id] ?? {}) }));
}

const ROOM: Location = { id: 'bassin-room', kind: 'room', capacity: 8, stepFree: true, busy: [] };
const VIDEO: Location = { id: 'video', kind: 'video' };

function search(extra: Partial<SlotSearch> = {}): SlotSearch {
  return {
    participants: team(),
    durationMinutes: 60,
    earliest: local(MONDAY, '00:00'),
    horizonDays: 7,
    locations: [ROOM, VIDEO],
    ...extra,
  };
}

const starts = (result: SlotSearchResult): string[] => result.slots.map((s) => s.localStart);

describe('findSlots', () => {
  describe('time zone and DST', () => {
    it('proposes 09:00 local as 07:00Z before and 08:00Z after the October 2026 change', () => {
      const result = findSlots(
        search({
          earliest: new Date('2026-10-23T00:00:00+02:00'), // Friday, summer time
          durationMinutes: 480, // a full 09:00–17:00 day, so each working day has exactly one start
          participants: team({ gp: { weeklyHours: { mon: ['09:00-17:00'], fri: ['09:00-17:00'] } } }),
          maxResults: 2,
        }),
      );
      expect(result.status).toBe('ok');
      expect(result.slots.map((s) => s.start.toISOString())).toEqual([
        '2026-10-23T07:00:00.000Z',
        '2026-10-26T08:00:00.000Z',
      ]);
      expect(starts(result)).toEqual(['2026-10-23T09:00:00+02:00', '2026-10-26T09:00:00+01:00']);
      expect(result.slots[1].localEnd).toBe('2026-10-26T17:00:00+01:00');
    });

    it('counts real hours on the spring-forward night (01:00–05:00 local is only 3 h)', () => {
      const relative: Participant = {
        id: 'night-carer',
        kind: 'relative',
        required: true,
        remoteCapable: true,
        weeklyHours: { sun: ['01:00-05:00'] },
        busy: [],
        availabilityKnown: true,
      };
      const feasible = listFeasibleStarts({
        participants: [relative],
        durationMinutes: 60,
        earliest: new Date('2026-03-28T00:00:00+01:00'),
        horizonDays: 2,
        rules: { minProfessionals: 0, requirePerson: false, requireGp: false },
        locations: [],
      });
      // [00:00Z, 03:00Z) holds 12 quarter-hours, so 9 starts for one hour.
      expect(feasible).toHaveLength(9);
      expect(feasible[0].toISOString()).toBe('2026-03-29T00:00:00.000Z');
      expect(feasible[8].toISOString()).toBe('2026-03-29T02:00:00.000Z');
    });
  });

  describe('window', () => {
    it('ends every meeting strictly before the deadline', () => {
      const deadline = local(MONDAY, '12:00');
      const result = findSlots(search({ deadline, maxResults: 10 }));
      expect(result.status).toBe('ok');
      for (const slot of result.slots) {
        expect(slot.end.getTime()).toBeLessThan(deadline.getTime());
      }
      const feasible = listFeasibleStarts(search({ deadline }));
      expect(feasible[0]).toEqual(local(MONDAY, '09:00'));
      expect(feasible[feasible.length - 1]).toEqual(local(MONDAY, '10:45')); // 11:00 would end at the deadline
    });

    it('reports a deadline that is too close, with the first slot after it, and flags the coordinator', () => {
      // Before 09:30 only the professionals (08:00–18:00) are free; Simone's day starts at 09:00.
      const result = findSlots(search({ deadline: local(MONDAY, '09:30') }));
      expect(result.status).toBe('partial');
      expect(result.reasons).toContain('deadline-too-close');
      expect(result.slots[0]).toMatchObject({ start: local(MONDAY, '08:00'), missingRequired: ['simone'] });
      expect(result.alternatives).toContainEqual(
        expect.objectContaining({ kind: 'after-deadline', start: local(MONDAY, '09:00') }),
      );
      expect(result.flagCoordinator).toBe(true);

      const noRoom = findSlots(search({ deadline: local(MONDAY, '00:30') }));
      expect(noRoom.status).toBe('none');
      expect(noRoom.slots).toEqual([]);
      expect(noRoom.reasons).toContain('deadline-too-close');
    });

    it('applies the minimum notice from now', () => {
      expect(findSlots(search({ now: local(MONDAY, '09:00'), minimumNoticeMinutes: 90 })).slots[0].start).toEqual(
        local(MONDAY, '10:30'),
      );
      expect(findSlots(search({ now: local(MONDAY, '09:00'), minimumNoticeMinutes: 24 * 60 })).slots[0].start).toEqual(
        local('2026-01-13', '09:00'),
      );
    });

    it('keeps the buffer free around busy blocks', () => {
      const participants = team({ gp: { busy: [busy(MONDAY, '10:00', '11:00')] } });
      const withoutBuffer = listFeasibleStarts(search({ participants })).filter((d) => d < local(MONDAY, '13:00'));
      expect(withoutBuffer[0]).toEqual(local(MONDAY, '09:00'));
      expect(withoutBuffer).toContainEqual(local(MONDAY, '11:00'));
      const withBuffer = listFeasibleStarts(search({ participants, bufferMinutes: 15 })).filter(
        (d) => d < local(MONDAY, '13:00'),
      );
      expect(withBuffer[0]).toEqual(local(MONDAY, '11:15'));
    });
  });

  describe('rules', () => {
    it('enforces participants the coordinator marked required', () => {
      const participants = team({ son: { required: true, busy: [allDay(MONDAY)] } });
      expect(findSlots(search({ participants })).slots[0].start).toEqual(local('2026-01-13', '09:00'));
      // The same busy day on an optional participant does not rule Monday out.
      const optional = team({ son: { busy: [allDay(MONDAY)] } });
      expect(listFeasibleStarts(search({ participants: optional }))[0]).toEqual(local(MONDAY, '09:00'));
      const mondayOnly = findSlots(search({ participants: optional, horizonDays: 1 }));
      expect(mondayOnly.slots[0].missingOptional).toEqual(['son']);
    });

    it('requires the GP when the team has one, and not when it has none', () => {
      const gpBusy = team({ gp: { busy: [allDay(MONDAY)] } });
      expect(findSlots(search({ participants: gpBusy })).slots[0].start).toEqual(local('2026-01-13', '09:00'));
      const noGp = [...team().filter((p) => p.id !== 'gp'), pro('physio')];
      const result = findSlots(search({ participants: noGp }));
      expect(result.status).toBe('ok');
      expect(result.slots[0].start).toEqual(local(MONDAY, '09:00'));
    });

    it('needs at least three professionals (INAMI home concertation)', () => {
      const swBusy = team({ 'social-worker': { busy: [allDay(MONDAY)] } });
      const result = findSlots(search({ participants: swBusy }));
      expect(result.slots[0].start).toEqual(local('2026-01-13', '09:00'));
      expect(result.slots[0].professionals).toBe(3);

      const twoPros = team().filter((p) => p.id !== 'social-worker');
      const short = findSlots(search({ participants: twoPros }));
      expect(short.status).toBe('partial');
      expect(short.reasons).toContain('too-few-professionals-invited');
      expect(short.slots[0].professionalsShort).toBe(1);
      expect(short.flagCoordinator).toBe(true);
    });

    it('does not require a person who waived attendance', () => {
      const unavailable = team({ simone: { busy: [allDay(MONDAY)] } });
      expect(findSlots(search({ participants: unavailable })).slots[0].start).toEqual(local('2026-01-13', '09:00'));
      const waived = team({ simone: { busy: [allDay(MONDAY)], waived: true } });
      // Without Simone the professionals' day (from 08:00) decides.
      expect(listFeasibleStarts(search({ participants: waived }))[0]).toEqual(local(MONDAY, '08:00'));
      const result = findSlots(search({ participants: waived, horizonDays: 1 }));
      expect(result.status).toBe('ok');
      expect(result.slots[0].start).toEqual(local(MONDAY, '09:00')); // 09:00 rather than 08:00: her son can come
      expect(result.slots[0].missingOptional).toContain('simone');
      expect(result.slots[0].missingRequired).toEqual([]);
    });

    it('lets a waiver override a required flag, for the person and for whoever stands in for them', () => {
      const ticked = team({ simone: { required: true, waived: true, busy: [allDay(MONDAY)] } });
      const slot = findSlots(search({ participants: ticked, horizonDays: 1 })).slots[0];
      expect(slot.start).toEqual(local(MONDAY, '09:00'));
      expect(slot.missingRequired).toEqual([]);
      // Once the person waived, their representative is not required either.
      const withRepresentative: Participant[] = [
        ...team({ simone: { waived: true } }),
        {
          id: 'daughter-in-law',
          kind: 'legal-representative',
          required: false,
          remoteCapable: true,
          busy: [allDay(MONDAY)],
          availabilityKnown: true,
        },
      ];
      expect(findSlots(search({ participants: withRepresentative, horizonDays: 1 })).status).toBe('ok');
    });

    it('accepts the representative in place of the person', () => {
      const participants: Participant[] = [
        ...team({ simone: { busy: [allDay(MONDAY)] } }),
        {
          id: 'daughter-in-law',
          kind: 'representative',
          required: false,
          remoteCapable: true,
          busy: [],
          availabilityKnown: true,
        },
      ];
      const slot = findSlots(search({ participants })).slots[0];
      expect(slot.start).toEqual(local(MONDAY, '09:00'));
      expect(slot.attendees).toContain('daughter-in-law');
    });

    it('maximises optional attendees before preferring earlier slots', () => {
      const participants = [
        ...team({ son: { busy: [busy(MONDAY, '00:00', '14:00')] } }),
        {
          id: 'neighbour',
          kind: 'neighbour',
          required: false,
          remoteCapable: false,
          busy: [],
          availabilityKnown: true,
        } as Participant,
      ];
      const result = findSlots(search({ participants, maxResults: 3 }));
      expect(result.slots[0].start).toEqual(local(MONDAY, '14:00'));
      expect(result.slots[0].attendees).toEqual(expect.arrayContaining(['son', 'neighbour']));
      expect(result.slots[0].score).toBeGreaterThan(result.slots[2].score - 1);
      // Proposals never overlap each other.
      const sorted = [...result.slots].sort((a, b) => a.start.getTime() - b.start.getTime());
      for (let i = 1; i < sorted.length; i++) {
        expect(sorted[i].start.getTime()).toBeGreaterThanOrEqual(sorted[i - 1].end.getTime());
      }
    });
  });

  describe('locations', () => {
    it('needs a step-free room for Simone, and waits for it', () => {
      const stairs: Location = { id: 'old-room', kind: 'room', capacity: 10, stepFree: false };
      const accessible: Location = {
        id: 'bassin-room',
        kind: 'room',
        capacity: 10,
        stepFree: true,
        busy: [allDay(MONDAY)],
      };
      const result = findSlots(search({ locations: [stairs, accessible, VIDEO] }));
      expect(result.slots[0].start).toEqual(local('2026-01-13', '09:00'));
      expect(result.slots[0].location).toEqual({ id: 'bassin-room', kind: 'room' });
    });

    it('reports no accessible room and offers video when none exists', () => {
      const stairs: Location = { id: 'old-room', kind: 'room', capacity: 10, stepFree: false };
      const result = findSlots(search({ locations: [stairs] }));
      expect(result.status).toBe('partial');
      expect(result.reasons).toContain('no-accessible-room');
      expect(result.alternatives).toContainEqual({ kind: 'video' });
      expect(result.slots[0].missingRequired).toEqual(['simone']);
    });

    it('uses video when everyone required can join remotely and no room is free', () => {
      const participants = team({ simone: { remoteCapable: true } });
      const bookedRoom: Location = { ...ROOM, busy: [allDay(MONDAY)] };
      const slot = findSlots(search({ participants, locations: [bookedRoom, VIDEO] })).slots[0];
      expect(slot.start).toEqual(local(MONDAY, '09:00'));
      expect(slot.location).toEqual({ id: 'video', kind: 'video' });
    });

    it('gives a small room to the required participants first', () => {
      const small: Location = { id: 'small-room', kind: 'room', capacity: 4, stepFree: true };
      const slot = findSlots(search({ locations: [small] })).slots[0];
      expect(slot.attendees).toEqual(['simone', 'gp', 'nurse', 'social-worker']);
      expect(slot.missingOptional).toEqual(['son']);
    });
  });

  describe('when no slot meets the rules', () => {
    it('says why, returns the best partial slots with who is missing, proposes alternatives and flags the coordinator', () => {
      const participants = team({
        gp: { busy: [busy(MONDAY, '00:00', '23:59'), busy('2026-01-13', '00:00', '23:59')] },
      });
      const result = findSlots(search({ participants, horizonDays: 2 }));
      expect(result.status).toBe('partial');
      expect(result.reasons).toContain('gp-unavailable');
      expect(result.slots.length).toBeGreaterThan(0);
      expect(result.slots[0].missingRequired).toEqual(['gp']);
      expect(result.slots[0].attendees).toEqual(['simone', 'nurse', 'social-worker', 'son']);
      expect(result.slots[0].score).toBeLessThan(0);
      expect(result.alternatives).toContainEqual({ kind: 'written-input', from: ['gp'] });
      expect(result.flagCoordinator).toBe(true);
    });

    it('reports required participants who never meet', () => {
      const participants = team({
        nurse: { required: true, weeklyHours: { mon: ['08:00-10:00'] } },
        'social-worker': { required: true, weeklyHours: { mon: ['14:00-18:00'] } },
      });
      const result = findSlots(search({ participants }));
      expect(result.status).toBe('partial');
      expect(result.reasons).toEqual(['no-common-time-for-required']);
    });

    it('reports unknown availability and never treats it as free', () => {
      const optionalUnknown = findSlots(search({ participants: team({ son: { availabilityKnown: false } }) }));
      expect(optionalUnknown.status).toBe('ok');
      expect(optionalUnknown.unknownAvailability).toEqual(['son']);
      expect(optionalUnknown.slots[0].missingOptional).toEqual(['son']);
      expect(optionalUnknown.alternatives).toContainEqual({ kind: 'availability-poll', from: ['son'] });

      const gpUnknown = findSlots(search({ participants: team({ gp: { availabilityKnown: false } }) }));
      expect(gpUnknown.status).toBe('partial');
      expect(gpUnknown.reasons).toContain('availability-unknown');
      expect(gpUnknown.reasons).not.toContain('gp-unavailable');
      expect(gpUnknown.slots[0].missingRequired).toEqual(['gp']);
      expect(gpUnknown.flagCoordinator).toBe(true);
    });
  });

  describe('input limits', () => {
    // How fast the refusal comes is a benchmark matter (bench/), not a timed test.
    it('refuses 1,000 participants, naming the field', () => {
      const many = Array.from({ length: 1000 }, (_, i) =>
        pro(`p${i}`, { busy: Array.from({ length: 200 }, () => busy(MONDAY, '10:00', '11:00')) }),
      );
      const error = catchError(() => findSlots(search({ participants: many })));
      expect(error).toBeInstanceOf(SlotSearchError);
      expect(error).toBeInstanceOf(AppException);
      expect(error).toMatchObject({ field: 'participants', kind: 'invalid', code: 'SLOT_SEARCH_INVALID' });
    });

    it('refuses a 5-year horizon', () => {
      expect(catchError(() => findSlots(search({ horizonDays: 5 * 365 })))).toMatchObject({ field: 'horizonDays' });
    });

    it.each([
      [{ granularityMinutes: 7 }, 'granularityMinutes'],
      [{ durationMinutes: 50 }, 'durationMinutes'],
      [{ earliest: new Date('nope') }, 'earliest'],
      [{ participants: team({ gp: { weeklyHours: { mon: ['9-17'] } } }) }, 'participants[1].weeklyHours.mon[0]'],
      [{ participants: team({ nurse: { busy: [busy(MONDAY, '11:00', '10:00')] } }) }, 'participants[2].busy[0]'],
      [{ participants: [...team(), pro('gp')] }, 'participants[5].id'],
    ] as const)('names the invalid field %#', (extra, field) => {
      expect(catchError(() => findSlots(search(extra as Partial<SlotSearch>)))).toMatchObject({ field });
    });
  });

  it('is deterministic', () => {
    const input = search({ participants: team({ gp: { busy: [busy(MONDAY, '09:10', '10:20')] } }), bufferMinutes: 10 });
    expect(findSlots(input)).toEqual(findSlots(input));
  });
});

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
