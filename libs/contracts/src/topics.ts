/**
 * Every Kafka topic, declared once. One stream per producing aggregate, keyed by the
 * aggregate id (the case id) so that per-case order holds.
 */
export const Topic = {
  alertsAlertV1: 'alerts.alert.v1',
  casesCaseV1: 'cases.case.v1',
  schedulingConcertationV1: 'scheduling.concertation.v1',
  notificationsDeliveryV1: 'notifications.delivery.v1',
} as const;
export type Topic = (typeof Topic)[keyof typeof Topic];

export interface TopicSpec {
  name: Topic;
  partitions: number;
  retentionMs: number;
}

const SEVEN_DAYS_MS = 7 * 24 * 3600 * 1000;

export const TOPIC_SPECS: readonly TopicSpec[] = [
  { name: Topic.alertsAlertV1, partitions: 6, retentionMs: SEVEN_DAYS_MS },
  { name: Topic.casesCaseV1, partitions: 6, retentionMs: SEVEN_DAYS_MS },
  { name: Topic.schedulingConcertationV1, partitions: 6, retentionMs: SEVEN_DAYS_MS },
  { name: Topic.notificationsDeliveryV1, partitions: 6, retentionMs: SEVEN_DAYS_MS },
];

export const deadLetterTopic = (topic: string): string => `${topic}.dlt`;

/** How long a dead letter waits in `<topic>.dlt` for an operator to replay it (at least the topic's own retention). */
export const DEAD_LETTER_RETENTION_MS = 30 * 24 * 3600 * 1000;

/** The longest time Kafka can deliver an event of these topics again, replays of dead letters included. */
export function longestRedelivery(topics: readonly TopicSpec[] = TOPIC_SPECS): { topic: string; ms: number } {
  return topics
    .flatMap((t) => [
      { topic: t.name, ms: t.retentionMs },
      { topic: deadLetterTopic(t.name), ms: Math.max(t.retentionMs, DEAD_LETTER_RETENTION_MS) },
    ])
    .reduce((a, b) => (b.ms > a.ms ? b : a));
}
