import { Command } from '@nestjs/cqrs';
import { type AlertType, type DeadlineKind, type Urgency } from '#concerto/contracts';
import type { RaiseAlertResult } from './raise-alert.result.js';

export interface RaiseAlertInput {
  type: AlertType;
  urgency: Urgency;
  person: {
    givenName: string;
    familyName: string;
    birthDate?: string;
    nationalNumber?: string;
    address?: { postalCode: string };
    noFixedAddress?: boolean;
    preferredLanguage?: string;
    /** Only its keyed hash is kept: it brings a person reported without a birth date near their case. */
    phone?: string;
  };
  deadline?: string;
  deadlineKind?: DeadlineKind;
  reason?: string;
}

export class RaiseAlertCommand extends Command<RaiseAlertResult> {
  constructor(
    readonly reporterId: string,
    readonly input: RaiseAlertInput,
    readonly idempotencyKey?: string,
  ) {
    super();
  }
}
