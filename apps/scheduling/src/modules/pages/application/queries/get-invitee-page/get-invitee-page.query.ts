import { Query } from '@nestjs/cqrs';
import type { RsvpInfo } from '../../../../concertations/application/concertation.view.js';

export interface InviteePage {
  /** The invitee's own language, as recorded on the care team. */
  language: string;
  info: RsvpInfo;
  /** What the link was sent for: the page shows that answer first. */
  action: string;
  place: {
    kind: string;
    label: string;
    /** The room's street address on one line, when it has one. */
    address?: string;
    stepFree?: boolean;
    access?: { stepFree: boolean; lift: boolean; disabledParking: boolean };
  };
  organizer: { name?: string; phone?: string };
}

/** What the invitee's page shows (opening it records no answer). */
export class GetInviteePageQuery extends Query<InviteePage> {
  constructor(readonly token: string) {
    super();
  }
}
