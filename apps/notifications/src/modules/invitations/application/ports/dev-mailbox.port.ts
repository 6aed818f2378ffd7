export interface DevMailboxItem {
  id: string;
  type: 'email' | 'sms' | 'letter';
  savedAt: string;
  to?: string;
  subject?: string;
  language?: string;
  calendarMethod?: string;
  /** SMS only: the text as sent. */
  text?: string;
  /** Where it is under MAILBOX_DIR. */
  file?: string;
}

/** A captured message with what ties it to its delivery (never shown: the key names the invitation). */
export interface CapturedMessage extends DevMailboxItem {
  /** The delivery's idempotency key, when the sink recorded it (e-mails and text messages). */
  idempotencyKey?: string;
}

/**
 * What the development sinks captured (no SMTP relay): e-mails as .eml files, text messages,
 * printable letters, so a person can read what the engine sent.
 */
export abstract class DevMailbox {
  /** Only with DEV_MAILBOX=true and no SMTP_URL. */
  abstract get enabled(): boolean;
  /** Every captured message, oldest first. */
  abstract list(): Promise<CapturedMessage[]>;
  /** The raw message: an e-mail as message/rfc822, a letter as HTML, a text message as JSON. */
  abstract read(id: string): Promise<{ contentType: string; body: Buffer | string } | undefined>;
}

/** The case a captured message was sent for, and that case's bassin (who may read the message). */
export interface MessageOwner {
  caseId: string;
  bassinId?: string;
}

/** Which case each captured message belongs to, through the deliveries ledger. */
export abstract class CapturedMessageOwners {
  /** By message id; a message the ledger does not know (a folder left from another database) is absent. */
  abstract ownersOf(
    messages: ReadonlyArray<Pick<CapturedMessage, 'id' | 'type' | 'idempotencyKey'>>,
  ): Promise<Map<string, MessageOwner>>;
}
