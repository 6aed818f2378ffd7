import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CASE_ACKNOWLEDGE_API, type CaseAcknowledgeApi } from '#concerto/contracts';
import { AppException, CLOCK, type Clock } from '#concerto/ddd';
import { currentCorrelationId } from '#concerto/observability';
import { AuditLog } from '#concerto/persistence';
import { PageRepository } from '../../../domain/page.js';
import { PageLinkChecks } from '../../services/page-link-checks.js';
import { AcknowledgeFromPageCommand, type AcknowledgedFromPage } from './acknowledge-from-page.command.js';

const REFUSAL_KIND = { 404: 'not-found', 403: 'forbidden', 409: 'conflict' } as const;

/**
 * Uses the link (once: the row's mark is taken first, so two clicks cannot both act), then asks
 * the cases service to acknowledge on the paged coordinator's behalf. If the cases service cannot
 * be reached the mark is given back, so the link still works on the next try.
 */
@CommandHandler(AcknowledgeFromPageCommand)
export class AcknowledgeFromPageHandler implements ICommandHandler<AcknowledgeFromPageCommand> {
  constructor(
    private readonly checks: PageLinkChecks,
    private readonly pages: PageRepository,
    private readonly audit: AuditLog,
    @Inject(CASE_ACKNOWLEDGE_API) private readonly cases: CaseAcknowledgeApi,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ token }: AcknowledgeFromPageCommand): Promise<AcknowledgedFromPage> {
    const page = await this.checks.pageOf(token);
    if (!(await this.pages.useAcknowledgeLink(page.id, this.clock.now()))) {
      throw new AppException('PAGE_LINK_USED', 'conflict', 'This acknowledge link was already used.');
    }
    let result;
    try {
      result = await this.cases.acknowledgeOnBehalf({
        caseId: page.caseId,
        coordinatorId: page.recipientId,
        bassinId: page.bassinId,
        alertId: page.signalId,
      });
    } catch (error) {
      await this.pages.releaseAcknowledgeLink(page.id);
      throw new AppException('CASES_UNAVAILABLE', 'unavailable', 'The case could not be acknowledged now; try again.', {
        cause: error instanceof Error ? error.name : 'unknown',
      });
    }
    await this.audit.record({
      actorId: page.recipientId,
      action: 'update',
      subjectType: 'case',
      subjectId: page.caseId,
      purpose: 'acknowledge-from-page',
      outcome: result.outcome === 'acknowledged' ? 'allowed' : 'denied',
      correlationId: currentCorrelationId(),
      at: this.clock.now(),
    });
    if (result.outcome === 'refused') {
      throw new AppException(result.code, REFUSAL_KIND[result.status], 'The case could not be acknowledged.');
    }
    return {
      caseId: page.caseId,
      signalId: page.signalId,
      acknowledgedBy: page.recipientId,
      status: result.status,
      acknowledgedAt: result.acknowledgedAt,
    };
  }
}
