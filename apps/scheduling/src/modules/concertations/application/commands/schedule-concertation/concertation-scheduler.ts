import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { CONFIG, type ConcertoConfig } from '#concerto/config';
import { CLOCK, type Clock } from '#concerto/ddd';
import { UnitOfWork } from '#concerto/messaging';
import type { CaseView } from '../../../../case-view/application/case-access.js';
import { crowdWarning } from '../../../../care-team/domain/care-team.js';
import { Concertation, type MeetingLocation } from '../../../domain/concertation.aggregate.js';
import { ConcertationStore } from '../../concertation-store.js';
import { type ConcertationView, toConcertationView } from '../../concertation.view.js';
import { Invitees } from '../../invitees.js';

/**
 * Fixing a concertation, whoever decides it: a coordinator, or a date poll's closing (which calls
 * it inside its own unit of work: this one joins it). The same consent gate, the same invitations,
 * the same event.
 */
@Injectable()
export class ConcertationScheduler {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly invitees: Invitees,
    private readonly store: ConcertationStore,
    @Inject(CONFIG) private readonly config: ConcertoConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  schedule(
    view: CaseView,
    input: { start: Date; end: Date; location: MeetingLocation },
    actorId: string,
  ): Promise<{ concertation: ConcertationView; warnings: string[] }> {
    return this.uow.run(async () => {
      const { invitable, left, flagged, team } = await this.invitees.of(view.caseId);
      const invitations = invitable.map((p) => ({
        id: randomUUID(),
        participantId: p.id,
        required: p.required || p.kind === 'person',
      }));
      const meeting = Concertation.schedule(
        {
          id: randomUUID(),
          caseId: view.caseId,
          start: input.start,
          end: input.end,
          location: input.location,
          invitations,
          createdBy: actorId,
          deadline: view.deadline,
        },
        this.clock.now(),
      );
      await this.store.save(meeting, actorId, team, true);
      const warnings = [
        crowdWarning(invitable.length, this.config.MAX_COMFORTABLE_TABLE_SIZE),
        left.length > 0 ? `${left.length} participant(s) not invited: the consent does not cover them.` : undefined,
        invitable.some((p) => p.interpreterNeeded) ? 'An interpreter is needed for at least one invitee.' : undefined,
        flagged ? 'Invitations leave under an emergency exception to consent (flagged).' : undefined,
      ].filter((w): w is string => !!w);
      return { concertation: toConcertationView(meeting.snapshot, team), warnings };
    });
  }
}
