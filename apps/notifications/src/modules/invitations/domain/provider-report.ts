/** What a provider's report says about a sent message; other statuses (queued, sending, sent) change nothing here. */
export type ReportedStatus = 'delivered' | 'undelivered';

export interface ProviderReport {
  provider: 'twilio';
  providerMessageId: string;
  status: ReportedStatus;
  /** The provider's numeric error code, if any: kept as a code, never its text. */
  errorCode?: string;
}

/** Twilio's MessageStatus values, reduced to what matters for an invitation. */
export function reportedStatusOfTwilio(status: string | undefined): ReportedStatus | undefined {
  return status === 'delivered' || status === 'read'
    ? 'delivered'
    : status === 'undelivered' || status === 'failed'
      ? 'undelivered'
      : undefined;
}

/** Reports kept until their message is known as sent (a report may overtake the send it is about). Writes join the ambient transaction. */
export abstract class ProviderReportRepository {
  abstract record(report: ProviderReport, at: Date): Promise<void>;
  /** The reports not applied yet for that message, oldest first. */
  abstract unapplied(providerMessageId: string): Promise<Array<{ status: ReportedStatus; errorCode?: string }>>;
  abstract markApplied(providerMessageId: string, at: Date): Promise<void>;
}
