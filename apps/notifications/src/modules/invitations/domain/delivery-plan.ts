import type { Recipient } from './meeting.js';

/** Something only a person can do: the coordinator calls, posts a letter, or goes through the person's network. */
export type CoordinatorTaskKind = 'phone-call' | 'post-letter' | 'reach-through-network';

export interface DeliveryPlan {
  /** Channels the engine sends on by itself. */
  automatic: Array<'email' | 'sms'>;
  /** Tasks for the coordinator, when nothing automatic reaches the recipient (R15). */
  coordinatorTasks: CoordinatorTaskKind[];
}

/**
 * How to reach one invitee. E-mail and text message are sent automatically; someone with
 * neither still gets the invitation: the coordinator calls (a landline), posts a letter, or, with
 * no contact details at all, reaches them through their referent or trusted person.
 */
export function planDelivery(
  r: Pick<Recipient, 'email' | 'phone' | 'phoneAcceptsSms' | 'postalAddress'>,
): DeliveryPlan {
  const automatic: DeliveryPlan['automatic'] = [];
  if (r.email) {
    automatic.push('email');
  }
  if (r.phone && r.phoneAcceptsSms !== false) {
    automatic.push('sms');
  }
  const coordinatorTasks: CoordinatorTaskKind[] = [];
  if (automatic.length === 0) {
    if (r.phone) {
      coordinatorTasks.push('phone-call');
    }
    if (r.postalAddress && r.postalAddress.lines.length > 0) {
      coordinatorTasks.push('post-letter');
    }
    if (coordinatorTasks.length === 0) {
      coordinatorTasks.push('reach-through-network');
    }
  }
  return { automatic, coordinatorTasks };
}
