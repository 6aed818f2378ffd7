import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { PersonLinkSigner } from '#concerto/auth';
import { CONFIG, type ConcertoConfig } from '#concerto/config';
import { AppException, CLOCK, type Clock } from '#concerto/ddd';
import { currentCorrelationId } from '#concerto/observability';
import { AuditLog } from '#concerto/persistence';
import { CaseAccess } from '../../../../case-view/application/case-access.js';
import { CareTeam } from '../../../../care-team/application/care-team.reader.js';
import { PERSON_LINK_KINDS } from '../../person-links.js';
import { IssuePersonLinkCommand, type IssuedPersonLink } from './issue-person-link.command.js';

/** A person's link holds for 30 days: long enough to read it at home, short enough that an old letter stops working. */
export const PERSON_LINK_DAYS = 30;

@CommandHandler(IssuePersonLinkCommand)
export class IssuePersonLinkHandler implements ICommandHandler<IssuePersonLinkCommand> {
  constructor(
    private readonly access: CaseAccess,
    private readonly team: CareTeam,
    private readonly signer: PersonLinkSigner,
    private readonly audit: AuditLog,
    @Inject(CONFIG) private readonly config: ConcertoConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ caseId, principal, participantId }: IssuePersonLinkCommand): Promise<IssuedPersonLink> {
    await this.access.requireCoordinator(caseId, principal, 'issue-person-link', 'create');
    const team = await this.team.list(caseId);
    const holder = participantId ? team.find((p) => p.id === participantId) : team.find((p) => p.kind === 'person');
    if (!holder || !PERSON_LINK_KINDS.includes(holder.kind)) {
      throw new AppException(
        'PERSON_LINK_HOLDER_INVALID',
        'invalid',
        'A person link is for the person, their legal representative or a relative at their table.',
        { field: 'participantId' },
      );
    }
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + PERSON_LINK_DAYS * 86_400_000);
    const { token, linkId } = this.signer.sign({ caseId, participantId: holder.id, expiresAt });
    await this.audit.record({
      actorId: principal.userId,
      action: 'create',
      subjectType: 'case',
      subjectId: caseId,
      purpose: `person-link:${linkId}`,
      outcome: 'allowed',
      correlationId: currentCorrelationId(),
      at: now,
    });
    return {
      url: `${this.config.PUBLIC_BASE_URL.replace(/\/+$/, '')}/me/${token}`,
      expiresAt: expiresAt.toISOString(),
      participantId: holder.id,
    };
  }
}
