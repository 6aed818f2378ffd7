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
