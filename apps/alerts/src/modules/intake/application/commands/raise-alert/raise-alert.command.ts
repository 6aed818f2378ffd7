import { Command } from '@nestjs/cqrs';
import { type AlertType, type DeadlineKind, type Urgency } from '#concerto/contracts';
import type { OnBehalfOf } from '../../../domain/on-behalf-of.js';
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
  onBehalfOf?: OnBehalfOf;
}

export class RaiseAlertCommand extends Command<RaiseAlertResult> {
  constructor(
    readonly reporterId: string,
    readonly input: RaiseAlertInput,
    readonly idempotencyKey?: string,
    /** Coordinators and leads may also raise an alert on behalf of a caller. */
    readonly reporterCoordinates = false,
  ) {
    super();
  }
}
