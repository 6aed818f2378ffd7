import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { CLOCK, type Clock } from '#concerto/ddd';
import { currentCorrelationId } from '#concerto/observability';
import { AuditLog } from '#concerto/persistence';
import { CareTeam } from '../../../../care-team/application/care-team.reader.js';
import { ConsentRepository } from '../../../../consent/domain/consent.repository.js';
import type { DataCategory } from '../../../../consent/domain/consent.aggregate.js';
import { AnswerLinks } from '../../answer-links.js';
import type { RsvpInfo } from '../../concertation.view.js';
import { GetAnswerLinkQuery } from './get-answer-link.query.js';

/**
 * What an answer link shows: the meeting, and what the person's consent lets this invitee
 * see (R: consent per participant and data category). `care-team` shows who else is invited
 * (professionals by name and role; relatives, neighbours and volunteers only by their kind);
 * `contact-details` shows how to reach the person. The person and their representative see
 * their own table. Anything shared is audited as a read by the invitee.
 */
@QueryHandler(GetAnswerLinkQuery)
export class GetAnswerLinkHandler implements IQueryHandler<GetAnswerLinkQuery> {
  constructor(
    private readonly links: AnswerLinks,
    private readonly team: CareTeam,
    private readonly consents: ConsentRepository,
    private readonly audit: AuditLog,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ token }: GetAnswerLinkQuery): Promise<RsvpInfo> {
    const { meeting, claims, invitation } = await this.links.verify(token);
    const s = meeting.snapshot;
    const info: RsvpInfo = {
      action: claims.action,
      meeting: { start: s.start.toISOString(), end: s.end.toISOString(), location: s.location.label, status: s.status },
      ...(invitation.answeredSequence === s.sequence ? { answered: invitation.status } : {}),
    };
    const team = await this.team.list(s.caseId);
    const invitee = team.find((p) => p.id === invitation.participantId);
    if (!invitee) {
      return info;
    }
    const consent = await this.consents.load(s.caseId);
    const ownTable = invitee.kind === 'person' || invitee.kind === 'legal-representative';
    const may = (category: DataCategory) => ownTable || consent.mayShare(invitee.id, category);
    if (may('care-team')) {
      info.team = team
        .filter((p) => p.id !== invitee.id && !p.waived)
        .map((p) => ({
          kind: p.kind,
          ...(p.role ? { role: p.role } : {}),
          ...(p.kind === 'professional' || p.kind === 'person' || ownTable ? { displayName: p.displayName } : {}),
        }));
    }
    const person = team.find((p) => p.kind === 'person');
    if (!ownTable && person && may('contact-details')) {
      info.person = {
        displayName: person.displayName,
        ...(person.contact.phone ? { phone: person.contact.phone } : {}),
        ...(person.contact.email ? { email: person.contact.email } : {}),
      };
    }
    if (info.team || info.person) {
      await this.audit.record({
        actorId: `invitee:${invitation.id}`,
        action: 'read',
        subjectType: 'case',
        subjectId: s.caseId,
        purpose: `answer-link:${[info.team && 'care-team', info.person && 'contact-details'].filter(Boolean).join('+')}`,
        outcome: 'allowed',
        correlationId: currentCorrelationId(),
        at: this.clock.now(),
      });
    }
    return info;
  }
}
