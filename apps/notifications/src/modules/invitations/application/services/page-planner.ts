import { Inject, Injectable } from '@nestjs/common';
import { CONFIG, type ConcertoConfig } from '#concerto/config';
import {
  type CaseDeadlinePassedV1,
  type CaseEscalatedV1,
  type CaseOpenedV1,
  type CaseSignalReceivedV1,
  type CaseTransferredV1,
  DIRECTORY_READ_API,
  type DirectoryReadApi,
} from '#concerto/contracts';
import {
  type NewPage,
  type PageChannel,
  pageChannels,
  type PagedCase,
  PagedCaseRepository,
  whoIsPaged,
} from '../../domain/page.js';
import { PageCaseOwnerCommand } from '../commands/page-case-owner/page-case-owner.command.js';

/**
 * Decides, before the consumer's transaction opens, who a case event pages and on which channels:
 * the owner, or the next one on duty of the bassin's roster when the owner is off duty, on the
 * channels they chose for the signal's urgency. The directory is read here, never inside a transaction.
 */
@Injectable()
export class PagePlanner {
  constructor(
    private readonly cases: PagedCaseRepository,
    @Inject(DIRECTORY_READ_API) private readonly directory: DirectoryReadApi,
    @Inject(CONFIG) private readonly config: ConcertoConfig,
  ) {}

  async opened(data: CaseOpenedV1): Promise<PageCaseOwnerCommand> {
    const paged: PagedCase = {
      caseId: data.caseId,
      bassinId: data.bassinId,
      type: data.type,
      urgency: data.urgency,
      ownerId: data.ownerId,
      openedByAlertId: data.openedByAlertId,
      acknowledgeBy: new Date(data.acknowledgeBy),
      acknowledged: false,
    };
    return this.plan(paged, {
      caseId: data.caseId,
      signalId: data.openedByAlertId,
      trigger: 'case-opened',
      level: 0,
      bassinId: data.bassinId,
      type: data.type,
      urgency: data.urgency,
      dueAt: paged.acknowledgeBy,
    });
  }

  /**
   * Another alert joined: the owner is told, an urgent one as such; undefined for a case paging
   * never saw open. Paged from `case.signal-received`, not `alert.attached`: the signal event
   * carries the signal's own acknowledgement due time as the cases service set it and the case's
   * current owner, so the page's link expires with the window that really applies. Only one of the
   * two is consumed, so a join is paged exactly once.
   */
  async signalReceived(data: CaseSignalReceivedV1): Promise<PageCaseOwnerCommand | undefined> {
    const known = await this.cases.find(data.caseId);
    if (!known) {
      return undefined;
    }
    const dueAt = new Date(data.acknowledgeBy);
    const paged: PagedCase = {
      ...known,
      urgency: data.caseUrgency,
      ownerId: data.ownerId,
      // While the case is unacknowledged its deadline stands, brought forward by an urgent signal.
      acknowledgeBy: !known.acknowledged && dueAt < known.acknowledgeBy ? dueAt : known.acknowledgeBy,
    };
    return this.plan(paged, {
      caseId: data.caseId,
      signalId: data.signalId,
      trigger: data.urgency === 'urgent' ? 'urgent-signal' : 'signal-joined',
      level: 0,
      bassinId: known.bassinId,
      type: data.type,
      urgency: data.urgency,
      dueAt,
    });
  }

  /** A deadline of the case passed: its owner (or the one on duty) is told; nothing to acknowledge. */
  async deadlinePassed(data: CaseDeadlinePassedV1): Promise<PageCaseOwnerCommand | undefined> {
    const known = await this.cases.find(data.caseId);
    if (!known) {
      return undefined;
    }
    const paged: PagedCase = { ...known, ownerId: data.ownerId };
    return this.plan(paged, {
      caseId: data.caseId,
      signalId: data.deadlineId,
      trigger: 'deadline-passed',
      level: 0,
      bassinId: known.bassinId,
      type: data.kind,
      urgency: known.urgency,
      dueAt: new Date(data.dueAt),
    });
  }

  /**
   * The case moved to another bassin: its new owner there must acknowledge the handover signal, so
   * they (or the one on duty) are paged like for a new case; the case is theirs and unacknowledged.
   */
  async transferred(data: CaseTransferredV1): Promise<PageCaseOwnerCommand | undefined> {
    const known = await this.cases.find(data.caseId);
    if (!known) {
      return undefined;
    }
    const paged: PagedCase = {
      ...known,
      bassinId: data.toBassin,
      ownerId: data.ownerId,
      urgency: data.urgency,
      acknowledgeBy: new Date(data.acknowledgeBy),
      acknowledged: false,
    };
    return this.plan(paged, {
      caseId: data.caseId,
      signalId: data.signalId,
      trigger: 'case-transferred',
      level: 0,
      bassinId: data.toBassin,
      type: known.type,
      urgency: data.urgency,
      dueAt: paged.acknowledgeBy,
    });
  }

  async escalated(data: CaseEscalatedV1): Promise<PageCaseOwnerCommand | undefined> {
    const known = await this.cases.find(data.caseId);
    if (!known) {
      return undefined;
    }
    const at = new Date(data.escalatedAt);
    const dueAt = data.acknowledgeBy
      ? new Date(data.acknowledgeBy)
      : new Date(at.getTime() + this.window(known.urgency));
    const paged: PagedCase = { ...known, ownerId: data.escalatedTo, acknowledgeBy: dueAt };
    return this.plan(paged, {
      caseId: data.caseId,
      // The signal whose window ran out (older events name none: the opening one then).
      signalId: data.overdueSignalId ?? known.openedByAlertId,
      trigger: 'case-escalated',
      level: data.level,
      bassinId: known.bassinId,
      type: known.type,
      urgency: known.urgency,
      dueAt,
    });
  }

  private async plan(paged: PagedCase, page: Omit<NewPage, 'recipientId'>): Promise<PageCaseOwnerCommand> {
    const roster = await this.directory.dutyRoster(paged.bassinId);
    const chain = [paged.ownerId, ...(roster ? [roster.coordinatorId, roster.backupId, roster.leadId] : [])];
    const profiles = new Map(
      await Promise.all(chain.map(async (id) => [id, await this.directory.pagingProfile(id)] as const)),
    );
    const onDuty = new Map([...profiles].map(([id, p]) => [id, p?.onDuty ?? false] as const));
    const recipientId = whoIsPaged(paged.ownerId, roster, onDuty);
    const profile = profiles.get(recipientId);
    const channels: PageChannel[] = profile
      ? pageChannels(page.urgency === 'urgent' ? profile.channels.urgent : profile.channels.normal, {
          email: profile.email !== undefined,
          phone: profile.phone !== undefined,
        })
      : [];
    return new PageCaseOwnerCommand({ ...page, recipientId }, channels, paged);
  }

  private window(urgency: 'urgent' | 'normal'): number {
    return (
      (urgency === 'urgent' ? this.config.ACK_TIMEOUT_URGENT_MINUTES : this.config.ACK_TIMEOUT_NORMAL_MINUTES) * 60_000
    );
  }
}
