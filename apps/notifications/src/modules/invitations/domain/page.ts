import type { ServedLanguage } from './language.js';

/** Why the owner is paged. */
export type PageTrigger =
  'case-opened' | 'signal-joined' | 'urgent-signal' | 'case-escalated' | 'case-transferred' | 'deadline-passed';

/** Pages that ask for a signal's acknowledgement (a deadline page only tells: there is nothing to acknowledge). */
export function asksAcknowledgement(trigger: PageTrigger): boolean {
  return trigger !== 'deadline-passed';
}
export type PageChannel = 'email' | 'sms';
export type PagingChoice = 'sms' | 'email' | 'both';

/**
 * One page: one signal (an alert on a case; its id is the alert's) for one recipient. Ids and
 * codes only: the recipient's pager addresses are read from the directory when the page leaves.
 */
export interface Page {
  id: string;
  caseId: string;
  /** The signal paged (an alert's id); for 'deadline-passed', the deadline's id. */
  signalId: string;
  trigger: PageTrigger;
  /** The escalation level for 'case-escalated' (a signal escalates at most twice), else 0. */
  level: number;
  recipientId: string;
  bassinId: string;
  /** The signal's alert type; for 'deadline-passed', the deadline's kind (discharge, release, …). */
  type: string;
  urgency: 'urgent' | 'normal';
  /** When the signal must be acknowledged: the acknowledge link expires then. */
  dueAt: Date;
  createdAt: Date;
  ackUsedAt?: Date;
}

export type NewPage = Omit<Page, 'id' | 'createdAt' | 'ackUsedAt'>;

/** "One page per signal and recipient": the unique key (ids only). */
export function pageKey(p: Pick<NewPage, 'caseId' | 'signalId' | 'trigger' | 'level' | 'recipientId'>): string {
  return `${p.caseId}:${p.signalId}:${p.trigger}:${p.level}:${p.recipientId}`;
}

/** A case as paging follows it (from cases.case.v1). */
export interface PagedCase {
  caseId: string;
  bassinId: string;
  type: string;
  urgency: 'urgent' | 'normal';
  ownerId: string;
  openedByAlertId: string;
  acknowledgeBy: Date;
  acknowledged: boolean;
  /** The case it was merged into: its signals are paged there, never here any more. */
  mergedInto?: string;
}

/** Who to page: the owner if on duty, else the next one of the bassin's roster on duty after them. */
export function whoIsPaged(
  ownerId: string,
  roster: { coordinatorId: string; backupId: string; leadId: string } | undefined,
  onDuty: ReadonlyMap<string, boolean>,
): string {
  if (onDuty.get(ownerId) !== false || !roster) {
    return ownerId;
  }
  const chain = [roster.coordinatorId, roster.backupId, roster.leadId];
  const at = chain.indexOf(ownerId);
  const after = at < 0 ? chain : chain.slice(at + 1);
  // Nobody on duty after them: the lead is paged anyway, a signal is never left with nobody told.
  return after.find((id) => onDuty.get(id) !== false) ?? roster.leadId;
}

/** The channels a recipient chose for this urgency. */
export function pageChannels(choice: PagingChoice, has: { email: boolean; phone: boolean }): PageChannel[] {
  const wanted: PageChannel[] = choice === 'both' ? ['sms', 'email'] : [choice];
  const reachable = wanted.filter((c) => (c === 'sms' ? has.phone : has.email));
  if (reachable.length > 0) {
    return reachable;
  }
  // The chosen channel has no address: the other one rather than no page at all.
  return has.email ? ['email'] : has.phone ? ['sms'] : [];
}

/** A short, stable reference of the case for people (not a secret, not personal). */
export function caseReference(caseId: string): string {
  return `C-${caseId.replace(/-/g, '').slice(0, 8).toUpperCase()}`;
}

export interface PageText {
  language: ServedLanguage;
  subject: string;
  text: string;
  sms: string;
}

export abstract class PageRepository {
  /** Records the page unless it exists (same key); the page and whether it was created now. */
  abstract record(page: NewPage, at: Date): Promise<{ page: Page; created: boolean }>;
  abstract find(id: string): Promise<Page | undefined>;
  /** Marks the acknowledge link used, once; false when it already was. */
  abstract useAcknowledgeLink(id: string, at: Date): Promise<boolean>;
  /** Gives a used link back after the acknowledgement could not be made (cases unreachable). */
  abstract releaseAcknowledgeLink(id: string): Promise<void>;
}

export abstract class PagedCaseRepository {
  abstract find(caseId: string): Promise<PagedCase | undefined>;
  abstract save(c: PagedCase): Promise<void>;
  /** Records a merge into `mergedInto` (or its split, undefined); a case paging never saw is left alone. */
  abstract markMerged(caseId: string, mergedInto: string | undefined): Promise<void>;
}
