import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { hasRole, type Principal, Role } from '#concerto/auth';
import { CurrentPrincipal, problem, ProblemException, RateLimit } from '#concerto/http';
import { RaiseAlertCommand } from '../../application/commands/raise-alert/raise-alert.command.js';
import { type RaiseAlertResult } from '../../application/commands/raise-alert/raise-alert.result.js';
import { type AlertView, GetAlertQuery } from '../../application/queries/get-alert/get-alert.query.js';
import { ListMyAlertsQuery, type MyAlertView } from '../../application/queries/list-my-alerts/list-my-alerts.query.js';
import { AlertViewDto, MyAlertsDto, RaiseAlertResponseDto } from './dto/alert.responses.dto.js';
import { RaiseAlertRequestDto } from './dto/raise-alert.request.dto.js';

const MY_ALERTS_LIMIT = 100;
const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{8,128}$/;

@ApiTags('alerts')
@ApiBearerAuth()
@Controller('v1/alerts')
export class AlertsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @HttpCode(201)
  @RateLimit({ bucket: 'alert-intake', limit: (config) => config.ALERT_RATE_LIMIT_PER_MINUTE, windowMs: 60000 })
  @ApiOperation({
    summary: 'Press the red button: raise an alert about a person',
    description:
      "Opens a coordination case in the person's bassin, or joins the person's open case. Suicide-risk and suspected-violence alerts return the bassin's urgent guidance at once. Do not put clinical content in `reason`.",
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    schema: { type: 'string', pattern: IDEMPOTENCY_KEY.source },
    description:
      'Retry-safe key (8–128 chars of A–Z a–z 0–9 . _ : -): the same request with the same key gives the same answer and one alert.',
  })
  @ApiCreatedResponse({
    type: RaiseAlertResponseDto,
    description: 'The alert was accepted; the answer names the case, its bassin and its owner.',
    headers: { Location: { description: 'The case: /v1/cases/{caseId}.', schema: { type: 'string' } } },
  })
  async raise(
    @CurrentPrincipal() principal: Principal,
    @Body() body: RaiseAlertRequestDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<RaiseAlertResult> {
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw new ProblemException(
        problem(400, 'validation-failed', 'The request is not valid.', {
          errors: [
            {
              field: 'Idempotency-Key',
              reason: 'must be 8 to 128 characters of letters, digits, dot, underscore, colon or hyphen',
            },
          ],
        }),
      );
    }
    const result = await this.commands.execute(
      new RaiseAlertCommand(
        principal.userId,
        body,
        idempotencyKey,
        hasRole(principal, Role.coordinator, Role.bassinLead),
      ),
    );
    res.setHeader('Location', `/v1/cases/${result.caseId}`);
    if (result.replayed) {
      res.setHeader('Idempotent-Replayed', 'true');
    }
    return result;
  }

  @Get('mine')
  @ApiOperation({
    summary: 'My alerts: the alerts I raised, each with its case status and owner (nothing more)',
    description: "Newest first, the last 100. Only the caller's own alerts; the read is audited.",
  })
  @ApiOkResponse({ type: MyAlertsDto })
  mine(@CurrentPrincipal() principal: Principal): Promise<{ items: MyAlertView[] }> {
    return this.queries.execute(new ListMyAlertsQuery(principal, MY_ALERTS_LIMIT));
  }

  @Get(':alertId')
  @ApiOperation({ summary: "Read an alert (its reporter and the bassin's coordinators only)" })
  @ApiOkResponse({ type: AlertViewDto })
  get(
    @CurrentPrincipal() principal: Principal,
    @Param('alertId', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) alertId: string,
  ): Promise<AlertView> {
    return this.queries.execute(new GetAlertQuery(alertId, principal));
  }
}
