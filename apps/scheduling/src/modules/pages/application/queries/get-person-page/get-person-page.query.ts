import { Query } from '@nestjs/cqrs';
import type { AuditSource } from '../../audit-trail.js';

export interface PersonPageActor {
  kind: 'professional' | 'invitee' | 'personal-link' | 'system' | 'unknown';
  name?: string;
  role?: string;
  organisation?: string;
}

export interface PersonPage {
  language: string;
  viewerKind: string;
  /** The person's first name, to greet them; absent for a family member's link. */
  greeting?: string;
  /** Who is involved, as the consent lets the viewer see it; absent when it does not. */
  team?: Array<{ kind: string; displayName?: string; role?: string; organisation?: string }>;
  nextMeeting?: {
    start: string;
    end: string;
    place: string;
    /** The room's street address on one line, when it has one. */
    address?: string;
    access?: { stepFree: boolean; lift: boolean; disabledParking: boolean };
  };
  /** What was decided at the concertation: empty until the concertation record exists. */
  decisions: string[];
  /** Who read or changed the file, newest first, one line per actor, day and kind of access. */
  audit: Array<{ at: string; actor: PersonPageActor; action: string; source: AuditSource; times: number }>;
  consent: { status: string; recordedAt?: string; givenBy?: string };
  /** Only the person or their legal representative withdraws the consent. */
  mayWithdraw: boolean;
}

/** The person's own page: who is involved, the next meeting, who read the file, the consent. */
export class GetPersonPageQuery extends Query<PersonPage> {
  constructor(readonly token: string) {
    super();
  }
}
