/** A delivery job carries ids only: the idempotency key (kind, channel, meeting, sequence, invitation) and the correlation id. */
export interface DeliveryJob {
  key: string;
  correlationId: string;
}

/** "Send this message now" jobs; enqueuing the same key while its job is pending is a no-op. */
export abstract class DeliveryJobs {
  abstract enqueue(job: DeliveryJob): Promise<void>;
  /**
   * Removes the pending jobs of these messages (a running one finishes and finds its row settled).
   * Best effort: the row is the truth, a job left behind does nothing. Returns how many were removed.
   */
  abstract cancel(keys: readonly string[]): Promise<number>;
}
