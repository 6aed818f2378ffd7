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

/**
 * What the development sinks captured (embedded mode, no SMTP relay): e-mails as .eml files,
 * text messages, printable letters, so a person can read what the engine sent.
 */
export abstract class DevMailbox {
  /** Only in the embedded mode without SMTP_URL. */
  abstract get enabled(): boolean;
  abstract list(): Promise<DevMailboxItem[]>;
  /** The raw message: an e-mail as message/rfc822, a letter as HTML, a text message as JSON. */
  abstract read(id: string): Promise<{ contentType: string; body: Buffer | string } | undefined>;
}
