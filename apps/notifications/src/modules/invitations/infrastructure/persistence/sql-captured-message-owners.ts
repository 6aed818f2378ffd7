import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '#concerto/messaging';
import { queryRows } from '#concerto/persistence';
import {
  type CapturedMessage,
  CapturedMessageOwners,
  type MessageOwner,
} from '../../application/ports/dev-mailbox.port.js';

const S = 'notifications';

/**
 * E-mails and text messages carry their delivery's key; a letter is known by the provider id its
 * delivery was marked sent with ("letter-<id>"). Either way the delivery names the case, and the
 * case view its bassin.
 */
@Injectable()
export class SqlCapturedMessageOwners extends CapturedMessageOwners {
  constructor(private readonly uow: UnitOfWork) {
    super();
  }

  async ownersOf(
    messages: ReadonlyArray<Pick<CapturedMessage, 'id' | 'type' | 'idempotencyKey'>>,
  ): Promise<Map<string, MessageOwner>> {
    const byKey = new Map<string, string>();
    const byProviderId = new Map<string, string>();
    for (const m of messages) {
      if (m.idempotencyKey) {
        byKey.set(m.idempotencyKey, m.id);
      } else if (m.type === 'letter') {
        byProviderId.set(`letter-${m.id}`, m.id);
      }
    }
    const owners = new Map<string, MessageOwner>();
    if (byKey.size === 0 && byProviderId.size === 0) {
      return owners;
    }
    const rows = await queryRows<{
      idempotency_key: string;
      provider_message_id: string | null;
      case_id: string;
      bassin_id: string | null;
    }>(
      this.uow.manager,
      `SELECT d."idempotency_key", d."provider_message_id", d."case_id", c."bassin_id"
         FROM "${S}"."deliveries" d LEFT JOIN "${S}"."case_view" c ON c."case_id" = d."case_id"
        WHERE d."idempotency_key" = ANY($1::text[]) OR d."provider_message_id" = ANY($2::text[])`,
      [[...byKey.keys()], [...byProviderId.keys()]],
    );
    for (const r of rows) {
      const id = byKey.get(r.idempotency_key) ?? (r.provider_message_id && byProviderId.get(r.provider_message_id));
      if (id) {
        owners.set(id, { caseId: r.case_id, ...(r.bassin_id ? { bassinId: r.bassin_id } : {}) });
      }
    }
    return owners;
  }
}
