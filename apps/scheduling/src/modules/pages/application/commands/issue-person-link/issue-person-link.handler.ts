import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { PersonLinkSigner } from '#concerto/auth';
import { CONFIG, type ConcertoConfig } from '#concerto/config';
import { AppException, CLOCK, type Clock } from '#concerto/ddd';
import { UnitOfWork } from '#concerto/messaging';
import { currentCorrelationId } from '#concerto/observability';
import { AuditLog } from '#concerto/persistence';
import { CaseAccess } from '../../../../case-view/application/case-access.js';
import { CareTeam } from '../../../../care-team/application/care-team.reader.js';
import { ConsentRepository } from '../../../../consent/domain/consent.repository.js';
import { PersonLinkStore } from '../../person-link-store.js';
import { hashPersonToken, PERSON_LINK_KINDS } from '../../person-links.js';
import { IssuePersonLinkCommand, type IssuedPersonLink } from './issue-person-link.command.js';

/** A person's link holds for 30 days: long enough to read it at home, short enough that an old letter stops working. */
export const PERSON_LINK_DAYS = 30;

/** Close ones who get a link of their own with the person's: the consent shares the case's status with them (R19). */
const CLOSE_ONES: readonly string[] = ['relative', 'legal-representative'];

@CommandHandler(IssuePersonLinkCommand)
export class IssuePersonLinkHandler implements ICommandHandler<IssuePersonLinkCommand> {
  constructor(
    private readonly access: CaseAccess,
    private readonly team: CareTeam,
    private readonly consents: ConsentRepository,
    private readonly signer: PersonLinkSigner,
    private readonly store: PersonLinkStore,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditLog,
    @Inject(CONFIG) private readonly config: ConcertoConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ caseId, principal, participantId, send }: IssuePersonLinkCommand): Promise<IssuedPersonLink> {
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
    const recipients = [holder.id];
    if (send && holder.kind === 'person') {
      const consent = await this.consents.load(caseId);
      if (consent.snapshot.status === 'granted') {
        recipients.push(
          ...team
            .filter((p) => CLOSE_ONES.includes(p.kind) && !p.waived && consent.mayShare(p.id, 'case-status'))
            .map((p) => p.id),
        );
      }
    }
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + PERSON_LINK_DAYS * 86_400_000);
    const { token, linkId } = this.signer.sign({ caseId, participantId: holder.id, expiresAt });
    await this.uow.run(async () => {
      await this.record(caseId, holder.id, linkId, principal.userId, now, expiresAt, send);
      for (const other of send ? recipients.slice(1) : []) {
        const { linkId: otherLinkId } = this.signer.sign({ caseId, participantId: other, expiresAt });
        await this.record(caseId, other, otherLinkId, principal.userId, now, expiresAt, true);
      }
    });
    return {
      url: `${this.config.PUBLIC_BASE_URL.replace(/\/+$/, '')}/me/${token}`,
      expiresAt: expiresAt.toISOString(),
      participantId: holder.id,
      sentTo: send ? recipients : [],
    };
  }

  /**
   * Keeps the link (its short form's hash) and audits it; a link to send goes to the
   * notifications service as ids only: the card gives it the link when the message leaves.
   */
  private async record(
    caseId: string,
    participantId: string,
    linkId: string,
    issuedBy: string,
    now: Date,
    expiresAt: Date,
    send: boolean,
  ): Promise<void> {
    const id = randomUUID();
    await this.store.save(
      { id, linkId, caseId, participantId, expiresAt, issuedBy, issuedAt: now },
      hashPersonToken(this.signer.shortToken(linkId)),
    );
    await this.audit.record({
      actorId: issuedBy,
      action: 'create',
      subjectType: 'case',
      subjectId: caseId,
      purpose: `person-link:${linkId}`,
      outcome: 'allowed',
      correlationId: currentCorrelationId(),
      at: now,
    });
    if (send) {
      await this.uow.emit(
        'person.link-issued',
        caseId,
        {
          personLinkId: id,
          caseId,
          participantId,
          issuedBy,
          issuedAt: now.toISOString(),
          expiresAt: expiresAt.toISOString(),
        },
        { correlationId: currentCorrelationId(), occurredAt: now },
      );
    }
  }
}
