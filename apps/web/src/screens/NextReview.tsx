import { useEffect, useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { api, type Schemas } from '../api/client.js';
import { Section } from '../components/fields.js';
import { useDateTime } from '../format.js';
import { useDay } from './FollowUp.js';

type NextReview = Schemas['CaseNextReviewDto'];

/**
 * The case's next review for its coordinator (issue 17, point 4): its day and kind, when the
 * engine prepares it, then the slots proposed for the team or the referent's check-in task.
 */
export function NextReviewSection({ caseId }: { caseId: string }) {
  const intl = useIntl();
  const day = useDay();
  const when = useDateTime();
  const [review, setReview] = useState<NextReview>();

  useEffect(() => {
    void api.GET('/v1/cases/{caseId}/next-review', { params: { path: { caseId } } }).then((r) => setReview(r.data));
  }, [caseId]);

  if (!review?.planned) {
    return null;
  }
  return (
    <Section title={intl.formatMessage({ id: 'review.title' })}>
      <p>
        <FormattedMessage
          id={review.kind === 'check-in' ? 'review.dueCheckIn' : 'review.dueConcertation'}
          values={{ day: day(review.reviewOn) }}
        />
      </p>
      {review.status === 'pending' && (
        <p>
          <FormattedMessage id="review.pending" values={{ when: when(review.preparedFrom) }} />
        </p>
      )}
      {review.status === 'slots-proposed' && (
        <>
          <p>
            <FormattedMessage id="review.slots" />
          </p>
          <ul>
            {(review.slots ?? []).map((s) => (
              <li key={s.start}>{when(s.start)}</li>
            ))}
          </ul>
        </>
      )}
      {review.status === 'no-slot' && (
        <p>
          <FormattedMessage id="review.noSlot" />
        </p>
      )}
      {review.status === 'check-in-task' && (
        <p>
          <FormattedMessage id="review.checkInTask" />
        </p>
      )}
      {review.status === 'no-referent' && (
        <p>
          <FormattedMessage id="review.noReferent" />
        </p>
      )}
    </Section>
  );
}
