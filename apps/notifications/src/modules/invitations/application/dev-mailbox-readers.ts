import { Inject, Injectable } from '@nestjs/common';
import { coordinatesBassin, hasRole, type Principal, Role } from '#concerto/auth';
import { AppException, CLOCK, type Clock } from '#concerto/ddd';
import { UnitOfWork } from '#concerto/messaging';
import { currentCorrelationId } from '#concerto/observability';
import { AuditedAccess, AuditLog } from '#concerto/persistence';
import {
  type CapturedMessage,
  CapturedMessageOwners,
  DevMailbox,
  type MessageOwner,
} from './ports/dev-mailbox.port.js';

const NOT_FOUND = { code: 'MESSAGE_NOT_FOUND', message: 'No such message in the development mailbox.' };

/**
 * Who may read the development mailbox: it holds names, addresses and live answer links, so an
 * admin reads every message and a coordinator (or lead) only the messages of cases in their
 * bassins; every read is audited, denied ones too. A message whose case the ledger does not know
 * is shown to nobody (it stays in the folder).
 */
@Injectable()
export class DevMailboxReaders {
  constructor(
    private readonly mailbox: DevMailbox,
    private readonly owners: CapturedMessageOwners,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditLog,
    private readonly access: AuditedAccess,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The messages this principal may read, oldest first; one audit row per case shown. */
  async list(principal: Principal): Promise<CapturedMessage[]> {
    this.requireEnabled();
    const captured = await this.mailbox.list();
    const owners = await this.owners.ownersOf(captured);
    const visible = captured.filter((m) => mayRead(principal, owners.get(m.id)));
    const cases = [...new Set(visible.map((m) => owners.get(m.id)!.caseId))];
    await this.uow.run(async () => {
      for (const caseId of cases) {
        await this.record(principal, 'case', caseId, 'dev-mailbox-list', true);
      }
      if (cases.length === 0) {
        await this.record(principal, 'principal', principal.userId, 'dev-mailbox-list', true);
      }
    });
    return visible;
  }

  /** One message, if this principal may read it; audited either way. A refusal is a 404. */
  async read(principal: Principal, id: string): Promise<{ contentType: string; body: Buffer | string }> {
    this.requireEnabled();
    const message = (await this.mailbox.list()).find((m) => m.id === id);
    const owner = message ? (await this.owners.ownersOf([message])).get(message.id) : undefined;
    if (!owner) {
      await this.uow.run(() => this.record(principal, 'principal', principal.userId, 'dev-mailbox-read', false));
      throw new AppException(NOT_FOUND.code, 'not-found', NOT_FOUND.message);
    }
    await this.access.check({
      actorId: principal.userId,
      subjectType: 'case',
      subjectId: owner.caseId,
      purpose: 'dev-mailbox-read',
      action: 'read',
      load: () => Promise.resolve(owner),
      decide: (o) => (mayRead(principal, o) ? { granted: true } : { denied: 'not-found' }),
      notFound: NOT_FOUND,
    });
    const raw = await this.mailbox.read(id);
    if (!raw) {
      throw new AppException(NOT_FOUND.code, 'not-found', NOT_FOUND.message);
    }
    return raw;
  }

  private requireEnabled(): void {
    if (!this.mailbox.enabled) {
      throw new AppException(
        'NOT_FOUND',
        'not-found',
        'The development mailbox is served only with DEV_MAILBOX=true and no SMTP_URL.',
      );
    }
  }

  private record(
    principal: Principal,
    subjectType: 'case' | 'principal',
    subjectId: string,
    purpose: string,
    allowed: boolean,
  ): Promise<void> {
    return this.audit.record({
      actorId: principal.userId,
      action: allowed ? 'read' : 'denied',
      subjectType,
      subjectId,
      purpose,
      outcome: allowed ? 'allowed' : 'denied',
      correlationId: currentCorrelationId(),
      at: this.clock.now(),
    });
  }
}

function mayRead(principal: Principal, owner: MessageOwner | undefined): boolean {
  if (!owner) {
    return false;
  }
  return (
    hasRole(principal, Role.admin) || (owner.bassinId !== undefined && coordinatesBassin(principal, owner.bassinId))
  );
}
