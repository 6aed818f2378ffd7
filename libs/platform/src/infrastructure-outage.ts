import { isDatabaseUnavailable } from '#concerto/persistence';
import { DependencyUnavailable } from './internal-http.client.js';

/**
 * What a consumer waits out instead of counting it as a failed attempt (KafkaTransport
 * `isTransient`): its database, or a service it reads from, cannot be reached. Parking a healthy
 * event in a dead-letter topic during an outage would leave its effect undone until an operator
 * replays it.
 */
export function isInfrastructureOutage(error: unknown): boolean {
  return isDatabaseUnavailable(error) || error instanceof DependencyUnavailable;
}
