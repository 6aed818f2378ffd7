import { Body, Controller, HttpCode, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';
import { type Principal, Role } from '#concerto/auth';
import { CurrentPrincipal, RequireRoles } from '#concerto/http';
import { type DutyStatus, SetOwnDutyCommand } from '../../application/commands/set-own-duty/set-own-duty.command.js';

export class SetDutyRequestDto {
  @ApiProperty({ example: false, description: 'Off duty, you are not paged: your backup is.' })
  @IsBoolean()
  onDuty: boolean;
}

export class DutyStatusDto {
  @ApiProperty() professionalId: string;
  @ApiProperty() onDuty: boolean;
}

@ApiTags('directory')
@ApiBearerAuth()
@Controller('v1/duty')
export class DutyController {
  constructor(private readonly commands: CommandBus) {}

  @Put('me')
  @HttpCode(200)
  @RequireRoles(Role.coordinator, Role.bassinLead)
  @ApiOperation({
    summary: 'Go on or off duty (coordinators and leads)',
    description: 'Off duty, a coordinator is not paged and the bassin backup is. Audited.',
  })
  @ApiOkResponse({ type: DutyStatusDto })
  set(@CurrentPrincipal() principal: Principal, @Body() body: SetDutyRequestDto): Promise<DutyStatus> {
    return this.commands.execute(new SetOwnDutyCommand(principal.userId, body.onDuty));
  }
}
