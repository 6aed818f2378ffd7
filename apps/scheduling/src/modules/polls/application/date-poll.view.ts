import type { DatePollState } from '../domain/date-poll.js';

export function toDatePollView(s: Readonly<DatePollState>) {
  return {
    id: s.id,
    caseId: s.caseId,
    status: s.status,
    closesAt: s.closesAt.toISOString(),
    options: s.options.map((o) => ({ start: o.start.toISOString(), end: o.end.toISOString() })),
    invitations: s.invitations,
    answers: s.answers,
    ...(s.outcome ? { outcome: s.outcome } : {}),
  };
}

export type DatePollView = ReturnType<typeof toDatePollView>;
