import type { InvitationRefV1 } from '#concerto/contracts';
import type { ParticipantView } from '../../care-team/application/care-team.reader.js';
import type { Invitation } from '../domain/concertation.aggregate.js';

/** What an event says about one invitation: ids, enums and channels, never a name or contact data. */
export function toInvitationRef(
  invitation: Pick<Invitation, 'id' | 'participantId' | 'required'>,
  team: readonly ParticipantView[],
): InvitationRefV1 {
  const participant = team.find((p) => p.id === invitation.participantId);
  return {
    invitationId: invitation.id,
    participantId: invitation.participantId,
    required: invitation.required,
    channels: participant?.channels ?? ['phone-call'],
    // So that notifications plans without reading scheduling back (kind: register and no-answer chain; professional: substitutes).
    ...(participant ? { participantKind: participant.kind } : {}),
    ...(participant?.professionalId ? { professionalId: participant.professionalId } : {}),
  };
}
