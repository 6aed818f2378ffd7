import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { RSVP_ACTIONS } from '#concerto/auth';
import { PARTICIPANT_KINDS } from '../../../../care-team/domain/care-team.js';
import { DATA_CATEGORIES } from '../../../../consent/domain/consent.aggregate.js';

// Response bodies of the scheduling API. They describe what the services return; request DTOs
// (scheduling.dto.ts) stay separate because request schemas are closed (additionalProperties: false).

const HOURS: ApiPropertyOptions = { type: [String], example: ['08:30-12:30', '13:30-17:00'] };

export class ParticipantScopeViewDto {
  @ApiProperty({ format: 'uuid' }) participantId: string;
  @ApiProperty({ enum: DATA_CATEGORIES, isArray: true }) dataCategories: string[];
}

export class ConsentViewDto {
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ enum: ['not-recorded', 'granted', 'refused', 'revoked', 'emergency-exception'] }) status: string;
  @ApiPropertyOptional({ enum: ['person', 'legal-representative'] }) givenBy?: string;
  @ApiProperty() concertationAllowed: boolean;
  @ApiProperty({ type: [ParticipantScopeViewDto] }) scopes: ParticipantScopeViewDto[];
  @ApiPropertyOptional() emergencyReason?: string;
  @ApiPropertyOptional() recordedBy?: string;
  @ApiPropertyOptional({ format: 'date-time' }) recordedAt?: string;
  @ApiProperty() version: number;
}

export class ConsentChangeDto {
  @ApiProperty({ description: 'The version of the consent this change made (1, 2, …).' }) version: number;
  @ApiProperty({ enum: ['granted', 'refused', 'revoked', 'emergency-exception'] }) status: string;
  @ApiPropertyOptional({ enum: ['person', 'legal-representative'] }) givenBy?: string;
  @ApiProperty({ type: [ParticipantScopeViewDto] }) scopes: ParticipantScopeViewDto[];
  @ApiPropertyOptional() emergencyReason?: string;
  @ApiProperty({ description: 'The coordinator who recorded the change.' }) recordedBy: string;
  @ApiProperty({ format: 'date-time' }) recordedAt: string;
}

export class ConsentHistoryDto {
  @ApiProperty({ type: [ConsentChangeDto], description: 'Oldest first; append-only.' }) changes: ConsentChangeDto[];
}

export class ParticipantContactDto {
  @ApiPropertyOptional() email?: string;
  @ApiPropertyOptional() phone?: string;
  @ApiPropertyOptional() postalAddress?: string;
}

export class ParticipantViewDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: PARTICIPANT_KINDS }) kind: string;
  @ApiPropertyOptional() role?: string;
  @ApiPropertyOptional() professionalId?: string;
  @ApiPropertyOptional() organisationId?: string;
  @ApiProperty() displayName: string;
  @ApiProperty() language: string;
  @ApiProperty() interpreterNeeded: boolean;
  @ApiProperty() required: boolean;
  @ApiProperty() waived: boolean;
  @ApiProperty() needsStepFreeAccess: boolean;
  @ApiProperty({ description: 'Consent limits what this participant may see.' }) limitedRights: boolean;
  @ApiProperty({ enum: ['email', 'sms', 'phone-call', 'letter'], isArray: true }) channels: string[];
  @ApiProperty({ type: ParticipantContactDto }) contact: ParticipantContactDto;
}

export class ParticipantListDto {
  @ApiProperty({ type: [ParticipantViewDto] }) participants: ParticipantViewDto[];
  @ApiProperty({ type: [String] }) warnings: string[];
}

export class ParticipantAddedDto {
  @ApiProperty({ type: ParticipantViewDto }) participant: ParticipantViewDto;
  @ApiProperty({ type: [String] }) warnings: string[];
}

export class WeeklyHoursViewDto {
  @ApiPropertyOptional(HOURS) mon?: string[];
  @ApiPropertyOptional(HOURS) tue?: string[];
  @ApiPropertyOptional(HOURS) wed?: string[];
  @ApiPropertyOptional(HOURS) thu?: string[];
  @ApiPropertyOptional(HOURS) fri?: string[];
  @ApiPropertyOptional(HOURS) sat?: string[];
  @ApiPropertyOptional(HOURS) sun?: string[];
}

export class BusyImportedDto {
  @ApiProperty({ description: 'How many busy blocks are now on record from this source.' }) imported: number;
}

export class CalendarWindowDto {
  @ApiProperty({ format: 'date-time' }) start: string;
  @ApiProperty({ format: 'date-time' }) end: string;
}

export class CalendarWarningDto {
  @ApiProperty({
    enum: [
      'cancelled',
      'transparent',
      'outside-window',
      'unknown-timezone',
      'invalid-rule',
      'no-start',
      'empty-period',
      'range-override',
    ],
  })
  code: string;
  @ApiProperty() message: string;
  @ApiProperty({ description: 'Events (or periods) concerned.' }) count: number;
  @ApiProperty({ type: [String], description: 'UIDs of the first few events concerned.' }) uids: string[];
}

export class CalendarImportedDto {
  @ApiProperty({ description: 'How many busy periods are now on record from this import.' }) imported: number;
  @ApiProperty({
    type: CalendarWindowDto,
    description: 'Busy time was computed for this window; import again before it ends.',
  })
  window: CalendarWindowDto;
  @ApiProperty({ type: [CalendarWarningDto], description: 'Events that contributed nothing, and why.' })
  warnings: CalendarWarningDto[];
}

export class RoomAddressViewDto {
  @ApiProperty() street: string;
  @ApiProperty() number: string;
  @ApiProperty() postalCode: string;
  @ApiProperty() municipality: string;
}

export class RoomViewDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() bassinId: string;
  @ApiProperty() name: string;
  @ApiProperty() capacity: number;
  @ApiProperty() stepFree: boolean;
  @ApiProperty() lift: boolean;
  @ApiProperty() disabledParking: boolean;
  @ApiPropertyOptional({ type: RoomAddressViewDto, description: 'Absent for a room added before rooms had one.' })
  address?: RoomAddressViewDto;
}

export class SlotLocationDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['room', 'home', 'video', 'phone'] }) kind: string;
}

export class RankedSlotDto {
  @ApiProperty({ format: 'date-time' }) start: string;
  @ApiProperty({ format: 'date-time' }) end: string;
  @ApiProperty({ description: 'Europe/Brussels wall-clock with offset.', example: '2026-10-26T09:00:00+01:00' })
  localStart: string;
  @ApiProperty() localEnd: string;
  @ApiProperty({ type: SlotLocationDto, nullable: true }) location: SlotLocationDto | null;
  @ApiProperty({ type: [String] }) attendees: string[];
  @ApiProperty({ type: [String] }) missingRequired: string[];
  @ApiProperty({ type: [String] }) missingOptional: string[];
  @ApiProperty() professionals: number;
  @ApiProperty() professionalsShort: number;
  @ApiProperty() score: number;
}

export class SlotAlternativeDto {
  @ApiProperty({ enum: ['video', 'written-input', 'availability-poll', 'after-deadline'] }) kind: string;
  @ApiPropertyOptional({ type: [String] }) from?: string[];
  @ApiPropertyOptional({ format: 'date-time' }) start?: string;
  @ApiPropertyOptional({ format: 'date-time' }) end?: string;
  @ApiPropertyOptional() localStart?: string;
}

export class TimeWindowDto {
  @ApiProperty({ format: 'date-time' }) start: string;
  @ApiProperty({ format: 'date-time' }) end: string;
}

export class SlotSearchParticipantDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: PARTICIPANT_KINDS }) kind: string;
  @ApiPropertyOptional() role?: string;
}

export class SlotSearchResultDto {
  @ApiProperty({ enum: ['ok', 'partial', 'none'] }) status: string;
  @ApiProperty({ type: [RankedSlotDto] }) slots: RankedSlotDto[];
  @ApiProperty({
    type: [String],
    description: 'Why there is no (full) slot, e.g. gp-unavailable or no-accessible-room.',
  })
  reasons: string[];
  @ApiProperty({ type: [SlotAlternativeDto] }) alternatives: SlotAlternativeDto[];
  @ApiProperty() flagCoordinator: boolean;
  @ApiProperty({ type: [String] }) unknownAvailability: string[];
  @ApiProperty({ type: TimeWindowDto }) window: TimeWindowDto;
  @ApiProperty({ type: [SlotSearchParticipantDto] }) participants: SlotSearchParticipantDto[];
}

export class MeetingLocationDto {
  @ApiProperty({ enum: ['room', 'video', 'phone', 'home'] }) kind: string;
  @ApiPropertyOptional({ format: 'uuid' }) roomId?: string;
  @ApiProperty() label: string;
}

export class OnBehalfDto {
  @ApiProperty({ description: 'The coordinator who recorded the answer.' }) recordedBy: string;
  @ApiProperty({ enum: ['phone', 'letter', 'in-person'] }) channel: string;
}

export class InvitationViewDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) participantId: string;
  @ApiPropertyOptional() displayName?: string;
  @ApiProperty() required: boolean;
  @ApiProperty({ enum: ['pending', 'sent', 'delivered', 'failed', 'accepted', 'declined', 'written-input'] })
  status: string;
  @ApiPropertyOptional() writtenInput?: string;
  @ApiPropertyOptional({
    type: OnBehalfDto,
    description: 'Present when a coordinator recorded this answer for the invitee (R15).',
  })
  onBehalf?: OnBehalfDto;
}

export class ConcertationViewDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ enum: ['scheduled', 'cancelled'] }) status: string;
  @ApiProperty({ format: 'date-time' }) start: string;
  @ApiProperty({ format: 'date-time' }) end: string;
  @ApiProperty({ type: MeetingLocationDto }) location: MeetingLocationDto;
  @ApiProperty({ description: 'iCalendar SEQUENCE: raised by every change.' }) sequence: number;
  @ApiProperty({ type: [InvitationViewDto] }) invitations: InvitationViewDto[];
  @ApiPropertyOptional({
    description:
      'Present (true) on a planned meeting whose consent was withdrawn since: nothing about it leaves any more; the coordinator decides whether to cancel it.',
  })
  consentWithdrawn?: boolean;
}

export class ConcertationScheduledDto {
  @ApiProperty({ type: ConcertationViewDto }) concertation: ConcertationViewDto;
  @ApiProperty({ type: [String] }) warnings: string[];
}

export class RsvpMeetingDto {
  @ApiProperty({ format: 'date-time' }) start: string;
  @ApiProperty({ format: 'date-time' }) end: string;
  @ApiProperty() location: string;
  @ApiProperty() status: string;
}

export class RsvpTeamMemberDto {
  @ApiProperty() kind: string;
  @ApiPropertyOptional() role?: string;
  @ApiPropertyOptional() displayName?: string;
}

export class RsvpPersonDto {
  @ApiProperty() displayName: string;
  @ApiPropertyOptional() phone?: string;
  @ApiPropertyOptional() email?: string;
}

export class RsvpInfoDto {
  @ApiProperty({ enum: RSVP_ACTIONS }) action: string;
  @ApiProperty({ type: RsvpMeetingDto }) meeting: RsvpMeetingDto;
  @ApiPropertyOptional() answered?: string;
  @ApiPropertyOptional({
    type: [RsvpTeamMemberDto],
    description: 'When the consent shares the care team with this invitee.',
  })
  team?: RsvpTeamMemberDto[];
  @ApiPropertyOptional({
    type: RsvpPersonDto,
    description: "When the consent shares the person's contact details with this invitee.",
  })
  person?: RsvpPersonDto;
}

export class RsvpAnsweredDto {
  @ApiProperty({ enum: ['accepted', 'declined', 'written-input'] }) answer: string;
  @ApiProperty({ description: 'The meeting version the answer refers to.' }) sequence: number;
}

export class PollOptionViewDto {
  @ApiProperty({ format: 'date-time' }) start: string;
  @ApiProperty({ format: 'date-time' }) end: string;
}

export class PollInvitationViewDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) participantId: string;
  @ApiProperty() required: boolean;
}

export class PollTallyDto {
  @ApiProperty() yes: number;
  @ApiProperty() ifNeedBe: number;
  @ApiProperty() no: number;
  @ApiProperty({ type: [String] }) requiredNo: string[];
  @ApiProperty({ type: [String] }) requiredSilent: string[];
}

export class PollOutcomeDto {
  @ApiPropertyOptional({ description: 'Index of the chosen option.' }) chosenOption?: number;
  @ApiProperty({ type: [PollTallyDto] }) tally: PollTallyDto[];
  @ApiPropertyOptional({ enum: ['a-required-invitee-cannot-attend-any-option', 'nobody-answered'] }) reason?: string;
  @ApiPropertyOptional({ description: 'The date was picked by a coordinator, not by the rules.' })
  chosenByCoordinator?: boolean;
}

const ANSWERS: { type: 'array'; items: { type: 'string'; enum: string[] } } = {
  type: 'array',
  items: { type: 'string', enum: ['yes', 'if-need-be', 'no'] },
};

export class PollViewDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ enum: ['open', 'closed'] }) status: string;
  @ApiProperty({ format: 'date-time' }) closesAt: string;
  @ApiProperty({ type: [PollOptionViewDto] }) options: PollOptionViewDto[];
  @ApiProperty({ type: [PollInvitationViewDto] }) invitations: PollInvitationViewDto[];
  @ApiProperty({
    type: 'object',
    additionalProperties: ANSWERS,
    description: 'Answers per invitation id, one per option.',
  })
  answers: Record<string, string[]>;
  @ApiPropertyOptional({ type: PollOutcomeDto }) outcome?: PollOutcomeDto;
}

export class PollClosedDto extends PollViewDto {
  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The concertation the best date became, if any.',
  })
  concertationId?: string | null;
}

export class PollLinkInfoDto {
  @ApiProperty({ type: [PollOptionViewDto] }) options: PollOptionViewDto[];
  @ApiProperty({ format: 'date-time' }) closesAt: string;
  @ApiProperty({
    type: [String],
    enum: ['yes', 'if-need-be', 'no'],
    nullable: true,
    description: "This invitee's answers so far, or null.",
  })
  answers: string[] | null;
  @ApiProperty({ enum: ['open', 'closed'] }) status: string;
}

export class PollAnsweredDto {
  @ApiProperty() recorded: number;
}
