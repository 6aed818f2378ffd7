import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Button, Form } from 'react-aria-components';
import { api, fieldErrors, problemText, type Schemas } from '../api/client.js';
import { Section, SelectInput, TextInput } from '../components/fields.js';
import { Link } from '../components/Link.js';
import type { MessageKey } from '../i18n/index.js';
import { AddProfessional, ImportCalendar, RecordConsent, SlotSearch } from './CaseActions.js';
import { caseRef, formText, useDateTime, useLabel } from '../format.js';
import { navigate } from '../router.js';
import { DatePoll } from './DatePoll.js';
import { ActionItemList } from './FollowUp.js';
import { NextReviewSection } from './NextReview.js';

type FullCase = Schemas['CaseFullViewDto'];
type Signal = Schemas['SignalDto'];

interface Extras {
  timeline: Schemas['TimelineEntryDto'][];
  team: Schemas['ParticipantViewDto'][];
  consent?: Schemas['ConsentViewDto'];
  tasks: Schemas['CoordinatorTaskViewDto'][];
  items: Schemas['ActionItemViewDto'][];
  meetings: Schemas['MeetingSummaryDto'][];
  polls: Schemas['DatePollSummaryDto'][];
}

const BASSINS = ['nord', 'nord-est', 'centre-ouest', 'sud', 'sud-est'] as const;
const OUTCOMES = [
  'situation-stabilised',
  'handed-over-to-service',
  'person-moved-out-of-region',
  'person-deceased',
  'no-coordination-needed',
  'other',
] as const;

/** A case, as its coordinator sees it, with the actions that change it. Loaded on demand (code-split). */
export default function CasePage({ caseId }: { caseId: string }) {
  const intl = useIntl();
  const when = useDateTime();
  const label = useLabel();
  const [view, setView] = useState<FullCase>();
  const [extras, setExtras] = useState<Extras>();
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<{ id: MessageKey } | { text: string }>();
  const noticeRef = useRef<HTMLParagraphElement>(null);

  const load = useCallback(async () => {
    const path = { params: { path: { caseId } } };
    const [c, timeline, team, consent, tasks, items, meetings, polls] = await Promise.all([
      api.GET('/v1/cases/{caseId}', path),
      api.GET('/v1/cases/{caseId}/timeline', path),
      api.GET('/v1/cases/{caseId}/participants', path),
      api.GET('/v1/cases/{caseId}/consent', path),
      api.GET('/v1/cases/{caseId}/tasks', path),
      api.GET('/v1/cases/{caseId}/action-items', path),
      api.GET('/v1/cases/{caseId}/concertations', path),
      api.GET('/v1/cases/{caseId}/concertations/polls', path),
    ]);
    if (!c.data || c.data.view !== 'coordinator') {
      setError(problemText(c.error, intl.formatMessage({ id: 'app.error' }, { status: c.response.status })));
      return;
    }
    setView(c.data);
    setExtras({
      timeline: timeline.data?.entries ?? [],
      team: team.data?.participants ?? [],
      consent: consent.data,
      tasks: tasks.data?.tasks ?? [],
      items: items.data?.items ?? [],
      meetings: meetings.data?.concertations ?? [],
      polls: polls.data?.polls ?? [],
    });
  }, [caseId, intl]);

  useEffect(() => {
    void load();
  }, [load]);

  const done = async (id: MessageKey) => {
    setNotice({ id });
    await load();
    requestAnimationFrame(() => noticeRef.current?.focus());
  };

  async function acknowledge(signals?: Signal[]) {
    const { error: problem, response } = await api.POST('/v1/cases/{caseId}/acknowledge', {
      params: { path: { caseId } },
      body: signals ? { signalIds: signals.map((s) => s.signalId) } : {},
    });
    if (problem) {
      setNotice({ text: problemText(problem, intl.formatMessage({ id: 'app.error' }, { status: response.status })) });
      return;
    }
    await done('case.acknowledged');
  }

  async function decideMatch(matchId: string, decision: 'confirm' | 'reject') {
    const params = { params: { path: { caseId, matchId } } };
    const {
      data,
      error: problem,
      response,
    } = decision === 'confirm'
      ? await api.POST('/v1/cases/{caseId}/possible-matches/{matchId}/confirm', params)
      : await api.POST('/v1/cases/{caseId}/possible-matches/{matchId}/reject', params);
    if (problem) {
      setNotice({ text: problemText(problem, intl.formatMessage({ id: 'app.error' }, { status: response.status })) });
      return;
    }
    // Merged into the other case: its page now holds both histories.
    if (data?.caseId && data.caseId !== caseId) {
      navigate(`/cases/${data.caseId}`);
      return;
    }
    await done('case.done');
  }

  if (error) {
    return (
      <p role="alert" className="summary-error">
        {error}
      </p>
    );
  }
  if (!view || !extras) {
    return (
      <p role="status">
        <FormattedMessage id="app.loading" />
      </p>
    );
  }
  const person = view.person;
  return (
    <div>
      <p>
        <Link href="/cases">
          <FormattedMessage id="case.back" />
        </Link>
      </p>
      <h1>
        <FormattedMessage id="case.title" values={{ ref: caseRef(view.caseId) }} />
      </h1>
      {notice && (
        <p role="status" tabIndex={-1} ref={noticeRef} className="notice">
          {'id' in notice ? <FormattedMessage id={notice.id} /> : notice.text}
        </p>
      )}
      <Section title={intl.formatMessage({ id: 'case.signals' })}>
        {view.unacknowledgedSignals.length === 0 ? (
          <p>
            <FormattedMessage id="case.signals.none" />
          </p>
        ) : (
          <ul className="signals">
            {view.unacknowledgedSignals.map((s) => (
              <li key={s.signalId}>
                <FormattedMessage
                  id="case.signal"
                  values={{ type: label('type', s.type), reporter: s.reporterId, at: when(s.receivedAt) }}
                />{' '}
                <Button className="button primary" onPress={() => void acknowledge([s])}>
                  <FormattedMessage id="case.acknowledge" />
                </Button>
              </li>
            ))}
          </ul>
        )}
      </Section>
      <Section title={intl.formatMessage({ id: 'case.summary' })}>
        <dl className="facts">
          <dt>
            <FormattedMessage id="case.status" />
          </dt>
          <dd>{label('status', view.status)}</dd>
          <dt>
            <FormattedMessage id="case.owner" />
          </dt>
          <dd>{view.owner.displayName ?? view.owner.id}</dd>
          <dt>
            <FormattedMessage id="case.bassin" />
          </dt>
          <dd>{label('bassin', view.bassinId)}</dd>
          <dt>
            <FormattedMessage id="case.openedAt" />
          </dt>
          <dd>{when(view.openedAt)}</dd>
          <dt>
            <FormattedMessage id="case.acknowledgeBy" />
          </dt>
          <dd>{when(view.acknowledgeBy)}</dd>
        </dl>
      </Section>
      <Section title={intl.formatMessage({ id: 'case.person' })}>
        {person.unavailable ? (
          <p>
            <FormattedMessage id="case.person.unavailable" />
          </p>
        ) : (
          <dl className="facts">
            <dt>
              <FormattedMessage id="case.person.name" />
            </dt>
            <dd>{[person.givenName, person.familyName].filter(Boolean).join(' ')}</dd>
            <dt>
              <FormattedMessage id="case.person.birthDate" />
            </dt>
            <dd>{person.birthDate ?? '—'}</dd>
            <dt>
              <FormattedMessage id="case.person.postalCode" />
            </dt>
            <dd>
              {person.postalCode ?? '—'}
              {person.noFixedAddress && (
                <>
                  {' '}
                  (<FormattedMessage id="case.person.noFixedAddress" />)
                </>
              )}
            </dd>
          </dl>
        )}
      </Section>
      <Section title={intl.formatMessage({ id: 'case.deadlines' })}>
        {view.deadlines.length === 0 ? (
          <p>
            <FormattedMessage id="case.deadlines.none" />
          </p>
        ) : (
          <ul>
            {view.deadlines.map((d) => (
              <li key={d.deadlineId}>
                {label('deadlineKind', d.kind)}: {when(d.dueAt)} ({label('deadlineState', d.state)})
              </li>
            ))}
          </ul>
        )}
      </Section>
      <Section title={intl.formatMessage({ id: 'case.tasks' })}>
        {extras.tasks.length === 0 ? (
          <p>
            <FormattedMessage id="case.tasks.none" />
          </p>
        ) : (
          <ul>
            {extras.tasks.map((t) => (
              <li key={t.id}>
                {label('case.task', t.kind)} — {when(t.createdAt)}{' '}
                {t.letterUrl && (
                  <a href={t.letterUrl} target="_blank" rel="noreferrer" className="link">
                    <FormattedMessage id="case.task.print" />
                  </a>
                )}
              </li>
            ))}
          </ul>
        )}
      </Section>
      {view.possibleMatches.length > 0 && (
        <Section title={intl.formatMessage({ id: 'case.matches' })}>
          <ul>
            {view.possibleMatches.map((m) => (
              <li key={m.matchId}>
                <p>
                  <FormattedMessage
                    id="case.match"
                    values={{
                      ref: caseRef(m.otherCaseId),
                      reasons: m.reasons.map((r) => label('matchReason', r)).join(', '),
                      at: when(m.foundAt),
                      state: label('matchState', m.state),
                    }}
                  />
                </p>
                {m.state === 'proposed' && (
                  <p>
                    <Button className="button" onPress={() => void decideMatch(m.matchId, 'confirm')}>
                      <FormattedMessage id="case.match.confirm" values={{ ref: caseRef(m.otherCaseId) }} />
                    </Button>{' '}
                    <Button className="button" onPress={() => void decideMatch(m.matchId, 'reject')}>
                      <FormattedMessage id="case.match.reject" values={{ ref: caseRef(m.otherCaseId) }} />
                    </Button>
                  </p>
                )}
              </li>
            ))}
          </ul>
        </Section>
      )}
      <Section title={intl.formatMessage({ id: 'case.meetings' })}>
        {extras.meetings.length === 0 ? (
          <p>
            <FormattedMessage id="case.meetings.none" />
          </p>
        ) : (
          <ul className="meetings" data-testid="case-meetings">
            {extras.meetings.map((m) => (
              <li key={m.id}>
                <Link href={`/cases/${caseId}/meetings/${m.id}`}>
                  <FormattedMessage
                    id="meetings.item"
                    values={{ start: when(m.start), place: label('meetings.place', m.location.kind) }}
                  />
                </Link>{' '}
                <strong>{label('meetings.status', m.status)}</strong>
                {m.consentWithdrawn && (
                  <>
                    {' '}
                    (<FormattedMessage id="meetings.consentWithdrawn" />)
                  </>
                )}
                <br />
                <FormattedMessage
                  id="meetings.answers"
                  values={{
                    invited: m.answers.invited,
                    accepted: m.answers.accepted,
                    declined: m.answers.declined,
                    written: m.answers.writtenInput,
                    waiting: m.answers.waiting,
                  }}
                />
              </li>
            ))}
          </ul>
        )}
      </Section>
      <Section title={intl.formatMessage({ id: 'polls.title' })}>
        {extras.polls.length === 0 ? (
          <p>
            <FormattedMessage id="polls.none" />
          </p>
        ) : (
          <ul data-testid="case-polls">
            {extras.polls.map((p) => (
              <li key={p.id}>
                <Link href={`/cases/${caseId}/polls/${p.id}`}>
                  <FormattedMessage
                    id="polls.item"
                    values={{ dates: p.options.length, first: when(p.options[0]?.start) }}
                  />
                </Link>{' '}
                <FormattedMessage
                  id={p.status === 'open' ? 'polls.open' : p.chosenStart ? 'polls.chosen' : 'polls.closed'}
                  values={{
                    closesAt: when(p.closesAt),
                    chosen: when(p.chosenStart),
                    answered: p.answered,
                    invited: p.invited,
                  }}
                />
              </li>
            ))}
          </ul>
        )}
      </Section>
      <NextReviewSection caseId={caseId} />
      <Section title={intl.formatMessage({ id: 'items.title' })}>
        <ActionItemList
          items={extras.items}
          team={extras.team}
          onChanged={(id) => {
            setNotice({ id });
            void load();
          }}
        />
      </Section>
      <Section title={intl.formatMessage({ id: 'case.team' })}>
        {extras.team.length === 0 ? (
          <p>
            <FormattedMessage id="case.team.empty" />
          </p>
        ) : (
          <ul>
            {extras.team.map((p) => (
              <li key={p.id}>
                {p.displayName} {p.role ? `(${p.role})` : ''}
              </li>
            ))}
          </ul>
        )}
        {view.status !== 'closed' && (
          <>
            <AddProfessional caseId={caseId} onDone={() => void done('case.done')} />
            <ImportCalendar team={extras.team} />
          </>
        )}
      </Section>
      <Section title={intl.formatMessage({ id: 'case.consent' })}>
        {extras.consent && extras.consent.status !== 'not-recorded' ? (
          <p>
            <FormattedMessage
              id="case.consent.summary"
              values={{ status: label('consent', extras.consent.status), at: when(extras.consent.recordedAt) }}
            />
          </p>
        ) : (
          <p>
            <FormattedMessage id="case.consent.none" />
          </p>
        )}
        {view.status !== 'closed' && (
          <RecordConsent
            key={extras.team.map((p) => p.id).join()}
            caseId={caseId}
            team={extras.team}
            onDone={() => void done('case.done')}
          />
        )}
      </Section>
      {view.status !== 'closed' && (
        <Section title={intl.formatMessage({ id: 'case.slots' })}>
          <SlotSearch caseId={caseId} />
        </Section>
      )}
      {view.status !== 'closed' && (
        <Section title={intl.formatMessage({ id: 'case.poll' })}>
          <DatePoll caseId={caseId} onStarted={() => void load()} />
        </Section>
      )}
      <Section title={intl.formatMessage({ id: 'case.timeline' })}>
        <ol className="timeline">
          {extras.timeline.map((e, i) => (
            <li key={`${e.at}-${i}`}>
              <time dateTime={e.at}>{when(e.at)}</time> — {label('timeline', e.kind)}
            </li>
          ))}
        </ol>
      </Section>
      {view.status !== 'closed' && (
        <Section title={intl.formatMessage({ id: 'case.actions' })}>
          <CloseCase caseId={caseId} onDone={() => void done('case.done')} />
          <TransferCase caseId={caseId} onDone={() => void done('case.done')} />
        </Section>
      )}
    </div>
  );
}

function CloseCase({ caseId, onDone }: { caseId: string; onDone: () => void }) {
  const intl = useIntl();
  const label = useLabel();
  const [outcome, setOutcome] = useState<(typeof OUTCOMES)[number]>('situation-stabilised');
  const [errors, setErrors] = useState<Record<string, string>>({});
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const reason = formText(e.currentTarget, 'reason');
    const { error, response } = await api.POST('/v1/cases/{caseId}/close', {
      params: { path: { caseId } },
      body: { outcome, reason },
    });
    if (error) {
      const byField = fieldErrors(error);
      setErrors(
        Object.keys(byField).length > 0
          ? byField
          : { reason: problemText(error, intl.formatMessage({ id: 'app.error' }, { status: response.status })) },
      );
      return;
    }
    setErrors({});
    onDone();
  }
  return (
    <Form onSubmit={(e) => void submit(e)} validationErrors={errors} validationBehavior="aria" className="form">
      <h3>
        <FormattedMessage id="case.close" />
      </h3>
      <SelectInput
        name="outcome"
        label={intl.formatMessage({ id: 'case.close.outcome' })}
        value={outcome}
        onChange={(v) => setOutcome(v as typeof outcome)}
        options={OUTCOMES.map((o) => ({ value: o, label: label('outcome', o) }))}
        error={errors.outcome}
      />
      <TextInput
        name="reason"
        label={intl.formatMessage({ id: 'case.close.reason' })}
        error={errors.reason}
        isRequired
      />
      <Button type="submit" className="button">
        <FormattedMessage id="case.close.submit" />
      </Button>
    </Form>
  );
}

function TransferCase({ caseId, onDone }: { caseId: string; onDone: () => void }) {
  const intl = useIntl();
  const label = useLabel();
  const [toBassin, setToBassin] = useState<(typeof BASSINS)[number]>('nord');
  const [errors, setErrors] = useState<Record<string, string>>({});
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const reason = formText(e.currentTarget, 'reason');
    const { error, response } = await api.POST('/v1/cases/{caseId}/transfer', {
      params: { path: { caseId } },
      body: { toBassin, reason },
    });
    if (error) {
      const byField = fieldErrors(error);
      setErrors(
        Object.keys(byField).length > 0
          ? byField
          : { reason: problemText(error, intl.formatMessage({ id: 'app.error' }, { status: response.status })) },
      );
      return;
    }
    setErrors({});
    onDone();
  }
  return (
    <Form onSubmit={(e) => void submit(e)} validationErrors={errors} validationBehavior="aria" className="form">
      <h3>
        <FormattedMessage id="case.transfer" />
      </h3>
      <SelectInput
        name="toBassin"
        label={intl.formatMessage({ id: 'case.transfer.to' })}
        value={toBassin}
        onChange={(v) => setToBassin(v as typeof toBassin)}
        options={BASSINS.map((b) => ({ value: b, label: label('bassin', b) }))}
        error={errors.toBassin}
      />
      <TextInput
        name="reason"
        label={intl.formatMessage({ id: 'case.transfer.reason' })}
        error={errors.reason}
        isRequired
      />
      <Button type="submit" className="button">
        <FormattedMessage id="case.transfer.submit" />
      </Button>
    </Form>
  );
}
