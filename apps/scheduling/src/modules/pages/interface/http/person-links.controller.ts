import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsUUID } from 'class-validator';
import type { Principal } from '#concerto/auth';
import { CurrentPrincipal } from '#concerto/http';
import { IssuePersonLinkCommand } from '../../application/commands/issue-person-link/issue-person-link.command.js';

export class IssuePersonLinkDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'The participant who gets the link (the person, their legal representative or a relative); default the person.',
  })
  @IsOptional()
  @IsUUID()
  participantId?: string;

  @ApiPropertyOptional({
    default: true,
    description:
      "Send the link to its holder on their channel, in their language (e-mail, SMS or a letter to print); for the person's link, also a link of their own to the close ones the consent shares the case's status with. False: only returned, to hand over.",
  })
  @IsOptional()
  @IsBoolean()
  send?: boolean;
}

export class PersonLinkDto {
  @ApiProperty({ description: 'The page to hand over or print: /me/<signed token>, at PUBLIC_BASE_URL.' }) url: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
  @ApiProperty({ format: 'uuid' }) participantId: string;
  @ApiProperty({
    type: [String],
    description: 'Participants a link is being sent to (each their own); empty when send is false.',
  })
  sentTo: string[];
}

@ApiTags('concertation')
@ApiBearerAuth()
@Controller('v1/cases')
export class PersonLinksController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':caseId/person-link')
  @HttpCode(201)
  @ApiOperation({
    summary: "Make the person's own link (easy-read page: who is involved, who read the file, the consent)",
    description:
      'Coordinators of the case’s bassin; audited. Signed, expires after 30 days; the token holds ids only. Sent to its holder by the notifications service unless send is false.',
  })
  @ApiCreatedResponse({ type: PersonLinkDto })
  issue(
    @Param('caseId', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) caseId: string,
    @Body() body: IssuePersonLinkDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.commands.execute(new IssuePersonLinkCommand(caseId, principal, body.participantId, body.send ?? true));
  }
}
