import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class HandOverParticipantDto {
  @ApiProperty({ format: 'uuid' }) participantId: string;
  @ApiProperty({ description: 'Professional, relative, volunteer…' }) kind: string;
  @ApiProperty() displayName: string;
  @ApiPropertyOptional() role?: string;
}

export class HandOverOrganisationDto {
  @ApiProperty({ description: 'A directory organisation id.' }) organisationId: string;
}

export class HandOverCandidatesDto {
  @ApiProperty({ description: 'False when the consent does not share the care team with this owner.' })
  teamShared: boolean;
  @ApiProperty({ type: [HandOverParticipantDto] }) participants: HandOverParticipantDto[];
  @ApiProperty({ type: [HandOverOrganisationDto] }) organisations: HandOverOrganisationDto[];
}
