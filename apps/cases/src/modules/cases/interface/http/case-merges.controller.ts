import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Principal } from '#concerto/auth';
import { CurrentPrincipal } from '#concerto/http';
import { DecidePossibleMatchCommand } from '../../application/commands/decide-possible-match/decide-possible-match.command.js';
import { SplitCaseCommand } from '../../application/commands/split-case/split-case.command.js';
import { VerifyCasePersonCommand } from '../../application/commands/verify-case-person/verify-case-person.command.js';
import {
  CaseSplitDto,
  PersonVerifiedDto,
  PossibleMatchDecisionDto,
  SplitCaseRequestDto,
  VerifyCasePersonRequestDto,
} from './dto/case-merge.dto.js';

const idPipe = new ParseUUIDPipe({ errorHttpStatusCode: 404 });

/** One case per person: possible matches, merge and split, and a verified identity (R29). Coordinators of the bassin only. */
@ApiTags('cases')
@ApiBearerAuth()
@Controller('v1/cases/:caseId')
export class CaseMergesController {
  constructor(private readonly commands: CommandBus) {}

  @Post('possible-matches/:matchId/confirm')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Confirm a possible match: the two cases merge',
    description:
      'The case opened first survives and shows the alerts, signals and timeline of both; the other is marked merged into it. ' +
      'Coordinators of both cases’ bassins only; audited. A match already decided: 409.',
  })
  @ApiOkResponse({ type: PossibleMatchDecisionDto })
  confirm(
    @CurrentPrincipal() principal: Principal,
    @Param('caseId', idPipe) caseId: string,
    @Param('matchId', idPipe) matchId: string,
  ) {
    return this.commands.execute(new DecidePossibleMatchCommand(caseId, matchId, principal, 'confirmed'));
  }

  @Post('possible-matches/:matchId/reject')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reject a possible match: the two cases stay apart (audited)' })
  @ApiOkResponse({ type: PossibleMatchDecisionDto })
  reject(
    @CurrentPrincipal() principal: Principal,
    @Param('caseId', idPipe) caseId: string,
    @Param('matchId', idPipe) matchId: string,
  ) {
    return this.commands.execute(new DecidePossibleMatchCommand(caseId, matchId, principal, 'rejected'));
  }

  @Post('split')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Split a wrong merge: the merged case is restored with its own history',
    description: 'Coordinators of both bassins only; audited. The merge stays on record.',
  })
  @ApiOkResponse({ type: CaseSplitDto })
  split(
    @CurrentPrincipal() principal: Principal,
    @Param('caseId', idPipe) caseId: string,
    @Body() body: SplitCaseRequestDto,
  ) {
    return this.commands.execute(new SplitCaseCommand(caseId, body.mergedCaseId, principal));
  }

  @Post('person/verify')
  @HttpCode(200)
  @ApiOperation({
    summary: "Tie the case's pseudonymous person to a verified national number, with their consent (R29)",
    description:
      'The number is stored encrypted in the identity vault only, and later alerts giving it join this person. ' +
      'Without consentGiven: true: 422. A number already tied to another person: 409. Coordinators of the bassin only.',
  })
  @ApiOkResponse({ type: PersonVerifiedDto })
  verify(
    @CurrentPrincipal() principal: Principal,
    @Param('caseId', idPipe) caseId: string,
    @Body() body: VerifyCasePersonRequestDto,
  ) {
    return this.commands.execute(
      new VerifyCasePersonCommand(caseId, principal, body.nationalNumber, body.consentGiven),
    );
  }
}
