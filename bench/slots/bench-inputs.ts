import type {
  Location,
  Participant,
  SlotSearch,
} from '../../apps/scheduling/src/modules/slots/domain/slot-search.types.js';
import type { WeeklyHours } from '../../apps/scheduling/src/modules/slots/domain/weekly-hours.value-object.js';

/** mulberry32: tiny, fast and good enough to make every input reproducible from its seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORK_PATTERNS: WeeklyHours[] = [
  { mon: ['08:00-17:00'], tue: ['08:00-17:00'], wed: ['08:00-17:00'], thu: ['08:00-17:00'], fri: ['08:00-17:00'] },
  {
    mon: ['08:30-12:30', '13:30-18:00'],
    tue: ['08:30-12:30', '13:30-18:00'],
    wed: ['08:30-12:30'],
    thu: ['08:30-12:30', '13:30-18:00'],
    fri: ['08:30-16:00'],
  },
  { mon: ['09:00-17:30'], tue: ['09:00-17:30'], thu: ['09:00-17:30'], fri: ['09:00-17:30'] },
  { mon: ['07:30-15:30'], tue: ['07:30-15:30'], wed: ['07:30-15:30'], thu: ['07:30-15:30'], fri: ['07:30-13:00'] },
];

/** The Simone vignette's table, padded to `count` participants. */
const ROLES: Array<Pick<Participant, 'kind' | 'role' | 'required'>> = [
  { kind: 'person', required: false },
  { kind: 'relative', required: false },
  { kind: 'relative', required: false },
  { kind: 'professional', role: 'gp', required: false },
  { kind: 'professional', role: 'home-nurse', required: false },
  { kind: 'professional', role: 'social-worker', required: false },
  { kind: 'professional', role: 'geriatrician', required: false },
  { kind: 'professional', role: 'occupational-therapist', required: false },
  { kind: 'professional', role: 'home-help', required: false },
  { kind: 'professional', role: 'ldc-coordinator', required: false },
  { kind: 'professional', role: 'care-coordinator', required: true },
  { kind: 'professional', role: 'physiotherapist', required: false },
  { kind: 'professional', role: 'pharmacist', required: false },
  { kind: 'professional', role: 'psychologist', required: false },
  { kind: 'neighbour', required: false },
];

export interface BenchCase {
  /** Participants, each with `busyPerParticipant` random busy intervals. */
  participants?: number;
  busyPerParticipant?: number;
  horizonDays?: number;
  /** Busy lengths are uniform in [minBusyMinutes, maxBusyMinutes]. */
  minBusyMinutes?: number;
  maxBusyMinutes?: number;
  deadline?: Date;
}

/**
 * Monday 23 March 2026 00:00 Brussels + 14 days = 10 working days, across the 29 March DST change.
 * Busy blocks start at random minutes (not on the grid) between 06:00 and 20:00 local.
 */
export function benchSearch(seed: number, options: BenchCase = {}): SlotSearch {
  const random = prng(seed);
  const count = options.participants ?? 15;
  const busyCount = options.busyPerParticipant ?? 200;
  const horizonDays = options.horizonDays ?? 14;
  const earliest = new Date('2026-03-23T00:00:00+01:00');
  const minBusy = options.minBusyMinutes ?? 5;
  const maxBusy = options.maxBusyMinutes ?? 25;
  const busyBlocks = () =>
    Array.from({ length: busyCount }, () => {
      const day = Math.floor(random() * horizonDays);
      const start = earliest.getTime() + day * 86_400_000 + Math.floor((5 + random() * 14) * 60) * 60_000;
      const minutes = minBusy + Math.floor(random() * (maxBusy - minBusy + 1));
      return { start: new Date(start), end: new Date(start + minutes * 60_000) };
    });
  const participants: Participant[] = Array.from({ length: count }, (_, i) => {
    const role = ROLES[i % ROLES.length];
    const professional = role.kind === 'professional';
    return {
      id: `${role.role ?? role.kind}-${i}`,
      ...role,
      required: role.required && i < ROLES.length,
      remoteCapable: role.kind !== 'person',
      needsStepFreeAccess: role.kind === 'person',
      ...(professional ? { weeklyHours: WORK_PATTERNS[Math.floor(random() * WORK_PATTERNS.length)] } : {}),
      busy: busyBlocks(),
      availabilityKnown: true,
    };
  });
  const locations: Location[] = [
    { id: 'bassin-room', kind: 'room', capacity: 10, stepFree: true, busy: busyBlocks().slice(0, 20) },
    { id: 'meeting-room-2', kind: 'room', capacity: 6, stepFree: false, busy: busyBlocks().slice(0, 20) },
    { id: 'video', kind: 'video' },
    { id: 'phone', kind: 'phone' },
  ];
  return {
    participants,
    durationMinutes: 60,
    earliest,
    minimumNoticeMinutes: 120,
    bufferMinutes: 10,
    granularityMinutes: 15,
    horizonDays,
    locations,
    ...(options.deadline ? { deadline: options.deadline } : {}),
  };
}
