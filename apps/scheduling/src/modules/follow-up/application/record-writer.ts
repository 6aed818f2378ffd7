import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppException } from '#concerto/ddd';
import { CareTeam, type ParticipantView } from '../../care-team/application/care-team.reader.js';
import { ActionItem, type ItemOwner } from '../domain/action-item.aggregate.js';
import { brusselsDay, isDay } from '../domain/brussels-calendar.js';
import type { RecordContent } from '../domain/concertation-record.aggregate.js';
import { FollowUpSettings } from './follow-up-policy.js';
import type { ActionItemInput, OwnerInput, RecordInput } from './follow-up.inputs.js';

const invalid = (code: string, message: string, field: string) => new AppException(code, 'invalid', message, { field });

/**
 * Turns a record's input into checked content and new action items: every participant named is
 * on the case's care team, the referent has a phone (R10), due and review dates are real days not
 * in the past.
 */
@Injectable()
export class RecordWriter {
  constructor(
    private readonly careTeam: CareTeam,
    private readonly settings: FollowUpSettings,
  ) {}

  async team(caseId: string): Promise<ParticipantView[]> {
    return this.careTeam.list(caseId);
  }

  owner(input: OwnerInput, team: ParticipantView[], field: string): ItemOwner {
    if (input.participantId && !input.organisationId) {
      if (!team.some((p) => p.id === input.participantId)) {
        throw invalid('UNKNOWN_PARTICIPANT', 'The owner must be on the care team of the case.', field);
      }
      return { participantId: input.participantId };
    }
    if (input.organisationId && !input.participantId) {
      return { organisationId: input.organisationId };
    }
    throw invalid('ONE_OWNER', 'An action item has exactly one owner: a participant or an organisation.', field);
  }

  dueOn(value: string, now: Date, field: string): string {
    if (!isDay(value) || value < brusselsDay(now)) {
      throw invalid('DUE_DATE_INVALID', 'The due date must be a calendar day, today or later.', field);
    }
    return value;
  }

  newItems(
    inputs: ActionItemInput[],
    context: { caseId: string; recordId?: string; by: string; now: Date },
    team: ParticipantView[],
  ): ActionItem[] {
    return inputs.map((i, k) =>
      ActionItem.open(
        {
          id: randomUUID(),
          caseId: context.caseId,
          ...(context.recordId ? { recordId: context.recordId } : {}),
          kind: i.kind,
          title: i.title,
          owner: this.owner(i.owner, team, `actionItems[${k}].owner`),
          dueOn: this.dueOn(i.dueOn, context.now, `actionItems[${k}].dueOn`),
          openedBy: context.by,
          openedAt: context.now,
        },
        this.settings.policy,
        context.now,
      ),
    );
  }

  content(
    input: RecordInput,
    team: ParticipantView[],
    actionItemIds: string[],
    writtenInputFrom: string[],
    now: Date,
  ): RecordContent {
    const known = new Set(team.map((p) => p.id));
    for (const [k, a] of (input.attendance ?? []).entries()) {
      if (!known.has(a.participantId)) {
        throw invalid('UNKNOWN_PARTICIPANT', 'Attendance names care-team participants only.', `attendance[${k}]`);
      }
    }
    const referent = input.referent ? team.find((p) => p.id === input.referent!.participantId) : undefined;
    if (input.referent && !referent) {
      throw invalid('UNKNOWN_PARTICIPANT', 'The referent must be on the care team of the case.', 'referent');
    }
    if (referent && !referent.contact.phone) {
      throw invalid('REFERENT_NEEDS_PHONE', 'The referent must have a phone contact (R10).', 'referent');
    }
    if (input.nextReview && (!isDay(input.nextReview.on) || input.nextReview.on <= brusselsDay(now))) {
      throw invalid('REVIEW_DATE_INVALID', 'The next review date must be a calendar day after today.', 'nextReview');
    }
    return {
      held: input.held,
      attendance: input.attendance ?? [],
      wishes: input.wishes ?? [],
      decisions: input.decisions ?? [],
      actionItemIds,
      ...(referent ? { referentParticipantId: referent.id } : {}),
      ...(input.nextReview ? { nextReview: input.nextReview } : {}),
      writtenInputFrom,
    };
  }
}
