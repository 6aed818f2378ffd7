import { useCallback, useEffect, useRef, useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Button } from 'react-aria-components';
import { api, problemText, type Schemas } from '../api/client.js';
import { Section } from '../components/fields.js';
import { Link } from '../components/Link.js';
import { caseRef, useDateTime, useLabel } from '../format.js';
import type { MessageKey } from '../i18n/index.js';

type Poll = Schemas['DatePollDetailDto'];

/**
 * A date poll read back by its coordinator: the answers per proposed date and per invitee, and a
 * button per date to fix it (the poll closes and the meeting is scheduled, invitations leave).
 */
export default function PollPage({ caseId, pollId }: { caseId: string; pollId: string }) {
  const intl = useIntl();
  const when = useDateTime();
  const label = useLabel();
  const [poll, setPoll] = useState<Poll>();
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<{ id: MessageKey } | { text: string }>();
  const noticeRef = useRef<HTMLParagraphElement>(null);
  const failed = (problem: unknown, status: number) =>
    problemText(problem, intl.formatMessage({ id: 'app.error' }, { status }));

  const load = useCallback(async () => {
    const {
      data,
      error: problem,
      response,
    } = await api.GET('/v1/polls/{pollId}', {
      params: { path: { pollId } },
    });
    if (!data) {
      setError(problemText(problem, intl.formatMessage({ id: 'app.error' }, { status: response.status })));
      return;
    }
    setPoll(data);
  }, [pollId, intl]);

  useEffect(() => {
    void load();
  }, [load]);

  async function settle(call: Promise<{ error?: unknown; response: Response }>, message: MessageKey) {
    const { error: problem, response } = await call;
    setNotice(problem ? { text: failed(problem, response.status) } : { id: message });
    await load();
    requestAnimationFrame(() => noticeRef.current?.focus());
  }

  if (error) {
    return (
      <p role="alert" className="summary-error">
        {error}
      </p>
    );
  }
  if (!poll) {
    return (
      <p role="status">
        <FormattedMessage id="app.loading" />
      </p>
    );
  }
  const chosen = poll.outcome?.chosenOption;
  const path = { params: { path: { pollId } } };
  return (
    <div>
      <p>
        <Link href={`/cases/${caseId}`}>
          <FormattedMessage id="meeting.back" />
        </Link>
      </p>
      <h1>
        <FormattedMessage id="pollPage.title" values={{ ref: caseRef(caseId) }} />
      </h1>
      {notice && (
        <p role="status" tabIndex={-1} ref={noticeRef} className="notice">
          {'id' in notice ? <FormattedMessage id={notice.id} /> : notice.text}
        </p>
      )}
      <p>
        <FormattedMessage
          id={poll.status === 'open' ? 'pollPage.open' : 'pollPage.closed'}
          values={{
            closesAt: when(poll.closesAt),
            answered: poll.invitees.filter((i) => i.answers !== null).length,
            invited: poll.invitees.length,
          }}
        />
      </p>
      {poll.concertationId ? (
        <p>
          <FormattedMessage
            id="poll.chosen"
            values={{ start: when(chosen !== undefined ? poll.options[chosen]?.start : undefined) }}
          />{' '}
          <Link href={`/cases/${caseId}/meetings/${poll.concertationId}`}>
            <FormattedMessage id="pollPage.meeting" />
          </Link>
        </p>
      ) : (
        poll.outcome?.reason && <p>{label('pollReason', poll.outcome.reason)}</p>
      )}
      <Section title={intl.formatMessage({ id: 'pollPage.perDate' })}>
        <table className="worklist poll-answers">
          <caption className="visually-hidden">
            <FormattedMessage id="pollPage.perDate" />
          </caption>
          <thead>
            <tr>
              <th scope="col">
                <FormattedMessage id="pollPage.date" />
              </th>
              <th scope="col">{label('pollAnswer', 'yes')}</th>
              <th scope="col">{label('pollAnswer', 'if-need-be')}</th>
              <th scope="col">{label('pollAnswer', 'no')}</th>
              <th scope="col">
                <FormattedMessage id="pollPage.silent" />
              </th>
              <th scope="col">
                <span className="visually-hidden">
                  <FormattedMessage id="pollPage.action" />
                </span>
              </th>
            </tr>
          </thead>
          <tbody>
            {poll.tally.map((o, k) => (
              <tr key={o.start}>
                <th scope="row">
                  {when(o.start)}
                  {chosen === k && (
                    <>
                      {' '}
                      <strong>
                        (<FormattedMessage id="pollPage.chosenMark" />)
                      </strong>
                    </>
                  )}
                </th>
                <td>{o.yes}</td>
                <td>{o.ifNeedBe}</td>
                <td>{o.no}</td>
                <td>{o.silent}</td>
                <td>
                  {!poll.concertationId && (
                    <Button
                      className="button"
                      onPress={() =>
                        void settle(
                          api.POST('/v1/polls/{pollId}/choice', { ...path, body: { option: k } }),
                          'pollPage.scheduled',
                        )
                      }
                    >
                      <FormattedMessage id="pollPage.choose" values={{ date: when(o.start) }} />
                    </Button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {poll.status === 'open' && (
          <p>
            <Button
              className="button"
              onPress={() => void settle(api.POST('/v1/polls/{pollId}/close', path), 'pollPage.closedNow')}
            >
              <FormattedMessage id="poll.close" />
            </Button>
          </p>
        )}
      </Section>
      <Section title={intl.formatMessage({ id: 'pollPage.perInvitee' })}>
        <table className="worklist poll-answers">
          <caption className="visually-hidden">
            <FormattedMessage id="pollPage.perInvitee" />
          </caption>
          <thead>
            <tr>
              <th scope="col">
                <FormattedMessage id="pollPage.invitee" />
              </th>
              {poll.options.map((o) => (
                <th scope="col" key={o.start}>
                  {when(o.start)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {poll.invitees.map((i) => (
              <tr key={i.participantId}>
                <th scope="row">
                  {i.displayName ?? '—'}
                  {i.required && (
                    <>
                      {' '}
                      (<FormattedMessage id="pollPage.required" />)
                    </>
                  )}
                </th>
                {poll.options.map((o, k) => (
                  <td key={o.start}>
                    {i.answers ? label('pollAnswer', i.answers[k]) : intl.formatMessage({ id: 'pollPage.noAnswer' })}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
    </div>
  );
}
