import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Role } from '#concerto/auth';
import type { AcknowledgeOnBehalfRequest, AcknowledgeOnBehalfResult, CaseAcknowledgeApi } from '#concerto/contracts';
import { AppException, BusinessRuleViolation } from '#concerto/ddd';
import { AcknowledgeCaseCommand } from '../../application/commands/acknowledge-case/acknowledge-case.command.js';

/**
 * Acknowledges on behalf of a paged coordinator (the notifications service's acknowledge links):
 * the same command as the coordinator's own POST, so the same rules, audit and events apply. A page is
 * about one signal, so its link acknowledges that signal only.
 * In-process implementation of CaseAcknowledgeApi; the internal controller serves it over HTTP.
 */
@Injectable()
export class CaseAcknowledgementsService implements CaseAcknowledgeApi {
  constructor(private readonly commands: CommandBus) {}

  async acknowledgeOnBehalf(request: AcknowledgeOnBehalfRequest): Promise<AcknowledgeOnBehalfResult> {
    const principal = { userId: request.coordinatorId, roles: [Role.coordinator], bassins: [request.bassinId] };
    try {
      const done = await this.commands.execute(
        new AcknowledgeCaseCommand(request.caseId, principal, [request.alertId]),
      );
      return { outcome: 'acknowledged', ...done };
    } catch (error) {
      if (error instanceof BusinessRuleViolation) {
        return { outcome: 'refused', code: error.rule.code, status: 409 };
      }
      if (error instanceof AppException && (error.kind === 'not-found' || error.kind === 'forbidden')) {
        return { outcome: 'refused', code: error.code, status: error.kind === 'not-found' ? 404 : 403 };
      }
      throw error;
    }
  }
}
