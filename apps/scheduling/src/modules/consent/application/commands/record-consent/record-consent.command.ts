import { Command } from '@nestjs/cqrs';
import type { Principal } from '#concerto/auth';
import type { ConsentGiver, ConsentState, ParticipantScope } from '../../../domain/consent.aggregate.js';

export interface RecordConsentInput {
  decision: 'granted' | 'refused' | 'revoked' | 'emergency-exception';
  givenBy?: ConsentGiver;
  scopes?: ParticipantScope[];
  emergencyReason?: string;
}

/** The person's consent (or refusal, revocation, or a reasoned emergency exception), as a coordinator records it. */
export class RecordConsentCommand extends Command<ConsentState> {
  constructor(
    readonly caseId: string,
    readonly principal: Principal,
    readonly input: RecordConsentInput,
  ) {
    super();
  }
}
