import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Button, Form } from 'react-aria-components';
import { api, fieldErrors, problemText, type Schemas } from '../api/client.js';
import { Section, SelectInput, TextInput } from '../components/fields.js';
import { Link } from '../components/Link.js';
import { caseRef, formText, useDateTime, useLabel } from '../format.js';
import type { MessageKey } from '../i18n/index.js';
import { ActionItemList, useDay } from './FollowUp.js';

type Meeting = Schemas['ConcertationViewDto'];
type Invitation = Schemas['InvitationViewDto'];
type Participant = Schemas['ParticipantViewDto'];
type RecordView = Schemas['ConcertationRecordViewDto'];
type Mode = Schemas['AttendanceDto']['mode'];
type ItemKind = Schemas['RecordActionItemDto']['kind'];
type ReviewKind = Schemas['NextReviewDto']['kind'];
type Answer = Schemas['AnswerOnBehalfDto']['answer'];
type Channel = Schemas['AnswerOnBehalfDto']['channel'];

const MODES: readonly Mode[] = ['in-person', 'video', 'phone', 'written-input', 'absent'];
const ITEM_KINDS: readonly ItemKind[] = ['task', 'referral', 'deadline'];

interface ItemRow {
  key: number;
  kind: ItemKind;
  title: string;
  owner: string;
  dueOn: string;
}

/** One meeting of a case: its invitations (answers given by phone recorded here), its record and action items. */
export default function MeetingPage({ caseId, concertationId }: { caseId: string; concertationId: string }) {
  const intl = useIntl();
  const when = useDateTime();
  const [meeting, setMeeting] = useState<Meeting>();
  const [team, setTeam] = useState<Participant[]>([]);
  const [record, setRecord] = useState<RecordView>();
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<MessageKey>();
  const noticeRef = useRef<HTMLParagraphElement>(null);

  const load = useCallback(async () => {
    const [m, t, r] = await Promise.all([
      api.GET('/v1/concertations/{id}', { params: { path: { id: concertationId } } }),
      api.GET('/v1/cases/{caseId}/participants', { params: { path: { caseId } } }),
      api.GET('/v1/concertations/{concertationId}/record', { params: { path: { concertationId } } }),
    ]);
    if (!m.data) {
      setError(problemText(m.error, intl.formatMessage({ id: 'app.error' }, { status: m.response.status })));
      return;
    }
    setMeeting(m.data);
    setTeam(t.data?.participants ?? []);
    setRecord(r.data);
  }, [caseId, concertationId, intl]);

  useEffect(() => {
    void load();
  }, [load]);

  const changed = async (message: MessageKey) => {
    setNotice(message);
    await load();
    requestAnimationFrame(() => noticeRef.current?.focus());
  };

  if (error) {
    return (
      <p role="alert" className="summary-error">
        {error}
      </p>
    );
  }
  if (!meeting) {
    return (
      <p role="status">
        <FormattedMessage id="app.loading" />
      </p>
    );
  }
  return (
    <div>
      <p>
        <Link href={`/cases/${caseId}`}>
          <FormattedMessage id="meeting.back" />
        </Link>
      </p>
      <h1>
        <FormattedMessage id="meeting.title" values={{ when: when(meeting.start) }} />
      </h1>
      {notice && (
        <p role="status" tabIndex={-1} ref={noticeRef} className="notice">
          <FormattedMessage id={notice} />
        </p>
      )}
      <Section title={intl.formatMessage({ id: 'meeting.invitations' })}>
        <ul className="invitations">
          {meeting.invitations.map((inv) => (
            <InvitationRow key={inv.id} meeting={meeting} invitation={inv} onDone={(m) => void changed(m)} />
          ))}
        </ul>
      </Section>
      <Section title={intl.formatMessage({ id: 'record.title' })}>
        {record?.recorded ? (
          <RecordSummary record={record} team={team} onChanged={(m) => void changed(m)} />
        ) : (
          <p>
            <FormattedMessage id="record.none" />
          </p>
        )}
        <RecordForm
          key={record?.version ?? 0}
          concertationId={concertationId}
          meeting={meeting}
          team={team}
          record={record?.recorded ? record : undefined}
          onDone={() => void changed('record.saved')}
        />
      </Section>
    </div>
  );
}

function InvitationRow(props: { meeting: Meeting; invitation: Invitation; onDone: (message: MessageKey) => void }) {
  const intl = useIntl();
  const label = useLabel();
  const inv = props.invitation;
  const [answer, setAnswer] = useState<Answer>('accepted');
  const [channel, setChannel] = useState<Channel>('phone');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const name = inv.displayName ?? caseRef(inv.participantId);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const writtenInput = formText(e.currentTarget, 'writtenInput');
    const { error, response } = await api.POST('/v1/concertations/{id}/invitations/{invitationId}/answer', {
      params: { path: { id: props.meeting.id, invitationId: inv.id } },
      body: { answer, channel, ...(answer === 'written-input' ? { writtenInput } : {}) },
    });
    if (error) {
      const byField = fieldErrors(error);
      setErrors(
        Object.keys(byField).length > 0
          ? byField
          : { answer: problemText(error, intl.formatMessage({ id: 'app.error' }, { status: response.status })) },
      );
      return;
    }
    setErrors({});
    props.onDone('record.saved');
  }

  return (
    <li>
      <p>
        {name}: {label('invitation', inv.status)}
        {inv.onBehalf ? (
          <>
            {' '}
            (<FormattedMessage id="meeting.answer.onBehalf" />)
          </>
        ) : null}
        {inv.writtenInput ? <> — {inv.writtenInput}</> : null}
      </p>
      {props.meeting.status === 'scheduled' && (
        <Form onSubmit={(e) => void submit(e)} validationErrors={errors} validationBehavior="aria" className="form">
          <h3>
            <FormattedMessage id="meeting.answer.for" values={{ name }} />
          </h3>
          <SelectInput
            name="answer"
            label={intl.formatMessage({ id: 'meeting.answer.answer' })}
            value={answer}
            onChange={(v) => setAnswer(v as Answer)}
            options={(['accepted', 'declined', 'written-input'] as const).map((a) => ({
              value: a,
              label: label('answer', a),
            }))}
            error={errors.answer}
          />
          <SelectInput
            name="channel"
            label={intl.formatMessage({ id: 'meeting.answer.channel' })}
            value={channel}
            onChange={(v) => setChannel(v as Channel)}
            options={(['phone', 'letter', 'in-person'] as const).map((c) => ({ value: c, label: label('channel', c) }))}
            error={errors.channel}
          />
          {answer === 'written-input' && (
            <TextInput
              name="writtenInput"
              label={intl.formatMessage({ id: 'meeting.answer.writtenInput' })}
              error={errors.writtenInput}
              isRequired
            />
          )}
          <Button type="submit" className="button">
            <FormattedMessage id="meeting.answer.submit" />
          </Button>
        </Form>
      )}
    </li>
  );
}

function RecordSummary(props: { record: RecordView; team: Participant[]; onChanged: (message: MessageKey) => void }) {
  const intl = useIntl();
  const when = useDateTime();
  const label = useLabel();
  const day = useDay();
  const r = props.record;
  const name = (id: string | undefined) => props.team.find((p) => p.id === id)?.displayName ?? '—';
  const referent = props.team.find((p) => p.id === r.referent?.participantId);
  return (
    <div className="record">
      <p>
        <FormattedMessage id="record.version" values={{ version: r.version ?? 1, at: when(r.recordedAt) }} />{' '}
        {r.locked && <FormattedMessage id="record.locked" />}
      </p>
      <dl className="facts">
        <dt>
          <FormattedMessage id="record.held" />
        </dt>
        <dd>{intl.formatMessage({ id: r.held ? 'record.held.yes' : 'record.held.no' })}</dd>
        <dt>
          <FormattedMessage id="record.attendance" />
        </dt>
        <dd>
          <ul>
            {(r.attendance ?? []).map((a) => (
              <li key={a.participantId}>
                {name(a.participantId)}: {label('mode', a.mode)}
              </li>
            ))}
          </ul>
        </dd>
        <dt>
          <FormattedMessage id="record.wishes" />
        </dt>
        <dd>
          <ul>
            {(r.wishes ?? []).map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ul>
        </dd>
        <dt>
          <FormattedMessage id="record.decisions" />
        </dt>
        <dd>
          <ul>
            {(r.decisions ?? []).map((d, i) => (
              <li key={i}>{d}</li>
            ))}
          </ul>
        </dd>
        <dt>
          <FormattedMessage id="record.referent" />
        </dt>
        <dd>
          {referent
            ? intl.formatMessage(
                { id: referent.contact?.phone ? 'record.referent.phone' : 'record.referent.noPhone' },
                { name: referent.displayName, phone: referent.contact?.phone ?? '' },
              )
            : '—'}
        </dd>
        <dt>
          <FormattedMessage id="record.nextReview" />
        </dt>
        <dd>{r.nextReview ? `${day(r.nextReview.on)} — ${label('review', r.nextReview.kind)}` : '—'}</dd>
        {(r.writtenInputs ?? []).length > 0 && (
          <>
            <dt>
              <FormattedMessage id="record.writtenInputs" />
            </dt>
            <dd>
              <ul>
                {(r.writtenInputs ?? []).map((w) => (
                  <li key={w.participantId}>
                    {name(w.participantId)}: {w.text ?? '—'}
                  </li>
                ))}
              </ul>
            </dd>
          </>
        )}
      </dl>
      <h3>
        <FormattedMessage id="record.items" />
      </h3>
      <ActionItemList items={r.actionItems ?? []} team={props.team} onChanged={props.onChanged} />
    </div>
  );
}

/** The record form: everything R09 asks for a held meeting, the API's `missing` fields shown next to each. */
function RecordForm(props: {
  concertationId: string;
  meeting: Meeting;
  team: Participant[];
  record?: RecordView;
  onDone: () => void;
}) {
  const intl = useIntl();
  const label = useLabel();
  const r = props.record;
  const owners = props.team.filter((p) => p.kind !== 'person');
  const [held, setHeld] = useState(r?.held === false ? 'no' : 'yes');
  const [modes, setModes] = useState<Record<string, Mode>>(() =>
    Object.fromEntries(
      props.team.map((p) => [p.id, r?.attendance?.find((a) => a.participantId === p.id)?.mode ?? 'in-person']),
    ),
  );
  const [wishes, setWishes] = useState((r?.wishes ?? []).join('\n'));
  const [decisions, setDecisions] = useState((r?.decisions ?? []).join('\n'));
  const [items, setItems] = useState<ItemRow[]>([]);
  const [nextKey, setNextKey] = useState(1);
  // The referent needs a phone (R10): the first professional who has one is proposed.
  const [referent, setReferent] = useState(
    r?.referent?.participantId ?? (owners.find((p) => p.contact?.phone) ?? owners[0])?.id ?? '',
  );
  const [reviewOn, setReviewOn] = useState(r?.nextReview?.on ?? '');
  const [reviewKind, setReviewKind] = useState<ReviewKind>(r?.nextReview?.kind ?? 'concertation');
  const [errors, setErrors] = useState<Record<string, string>>({});

  const lines = (text: string) =>
    text
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
  const setItem = (key: number, change: Partial<ItemRow>) =>
    setItems((rows) => rows.map((row) => (row.key === key ? { ...row, ...change } : row)));

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const isHeld = held === 'yes';
    const amendmentReason = r ? formText(e.currentTarget, 'amendmentReason') : '';
    const body: Schemas['RecordConcertationDto'] = isHeld
      ? {
          held: true,
          attendance: props.team.map((p) => ({ participantId: p.id, mode: modes[p.id] ?? 'in-person' })),
          wishes: lines(wishes),
          decisions: lines(decisions),
          actionItems: items.map((i) => ({
            kind: i.kind,
            title: i.title.trim(),
            owner: { participantId: i.owner },
            dueOn: i.dueOn,
          })),
          ...(referent ? { referent: { participantId: referent } } : {}),
          ...(reviewOn ? { nextReview: { on: reviewOn, kind: reviewKind } } : {}),
          ...(amendmentReason ? { amendmentReason } : {}),
        }
      : { held: false, ...(amendmentReason ? { amendmentReason } : {}) };
    const path = { params: { path: { concertationId: props.concertationId } }, body };
    const { error, response } = r
      ? await api.PUT('/v1/concertations/{concertationId}/record', path)
      : await api.POST('/v1/concertations/{concertationId}/record', path);
    if (error) {
      const missing = (error as { missing?: string[] }).missing ?? [];
      const byField = {
        ...Object.fromEntries(missing.map((f) => [f, intl.formatMessage({ id: 'record.missing' })])),
        ...fieldErrors(error),
      };
      setErrors(
        Object.keys(byField).length > 0
          ? byField
          : { held: problemText(error, intl.formatMessage({ id: 'app.error' }, { status: response.status })) },
      );
      return;
    }
    setErrors({});
    props.onDone();
  }

  const fieldError = (prefix: string) =>
    errors[prefix] ?? Object.entries(errors).find(([k]) => k.startsWith(`${prefix}.`))?.[1];

  return (
    <Form onSubmit={(e) => void submit(e)} validationErrors={errors} validationBehavior="aria" className="form">
      <h3>
        <FormattedMessage id={r ? 'record.amend' : 'record.form'} />
      </h3>
      <SelectInput
        name="held"
        label={intl.formatMessage({ id: 'record.held' })}
        value={held}
        onChange={setHeld}
        options={[
          { value: 'yes', label: intl.formatMessage({ id: 'record.held.yes' }) },
          { value: 'no', label: intl.formatMessage({ id: 'record.held.no' }) },
        ]}
        error={errors.held}
      />
      {held === 'yes' && (
        <>
          <fieldset className="fieldset">
            <legend>
              <FormattedMessage id="record.attendance" />
            </legend>
            {props.team.map((p) => (
              <SelectInput
                key={p.id}
                name={`attendance-${p.id}`}
                label={intl.formatMessage({ id: 'record.attendance.of' }, { name: p.displayName })}
                value={modes[p.id] ?? 'in-person'}
                onChange={(v) => setModes((m) => ({ ...m, [p.id]: v as Mode }))}
                options={MODES.map((m) => ({ value: m, label: label('mode', m) }))}
              />
            ))}
            {fieldError('attendance') && <p className="error">{fieldError('attendance')}</p>}
          </fieldset>
          <TextArea
            name="wishes"
            label={intl.formatMessage({ id: 'record.wishes' })}
            value={wishes}
            onChange={setWishes}
            error={fieldError('wishes')}
          />
          <TextArea
            name="decisions"
            label={intl.formatMessage({ id: 'record.decisions' })}
            value={decisions}
            onChange={setDecisions}
            error={fieldError('decisions')}
          />
          <fieldset className="fieldset">
            <legend>
              <FormattedMessage id="record.items" />
            </legend>
            {items.map((row, n) => (
              <fieldset key={row.key} className="fieldset">
                <legend>
                  <FormattedMessage id="record.item" values={{ n: n + 1 }} />
                </legend>
                <SelectInput
                  name={`item-kind-${row.key}`}
                  label={intl.formatMessage({ id: 'record.item.kind' })}
                  value={row.kind}
                  onChange={(v) => setItem(row.key, { kind: v as ItemKind })}
                  options={ITEM_KINDS.map((k) => ({ value: k, label: label('itemKind', k) }))}
                />
                <TextInput
                  name={`item-title-${row.key}`}
                  label={intl.formatMessage({ id: 'record.item.title' })}
                  value={row.title}
                  onChange={(v) => setItem(row.key, { title: v })}
                  error={errors[`actionItems.${n}.title`]}
                  isRequired
                />
                <SelectInput
                  name={`item-owner-${row.key}`}
                  label={intl.formatMessage({ id: 'record.item.owner' })}
                  value={row.owner}
                  onChange={(v) => setItem(row.key, { owner: v })}
                  options={owners.map((p) => ({ value: p.id, label: p.displayName }))}
                  error={fieldError(`actionItems.${n}.owner`)}
                />
                <TextInput
                  name={`item-due-${row.key}`}
                  type="date"
                  label={intl.formatMessage({ id: 'record.item.dueOn' })}
                  value={row.dueOn}
                  onChange={(v) => setItem(row.key, { dueOn: v })}
                  error={errors[`actionItems.${n}.dueOn`]}
                  isRequired
                />
                <Button className="button" onPress={() => setItems((rows) => rows.filter((x) => x.key !== row.key))}>
                  <FormattedMessage id="record.item.remove" values={{ n: n + 1 }} />
                </Button>
              </fieldset>
            ))}
            {errors.actionItems && <p className="error">{errors.actionItems}</p>}
            <Button
              className="button"
              onPress={() => {
                setItems((rows) => [
                  ...rows,
                  { key: nextKey, kind: 'task', title: '', owner: owners[0]?.id ?? '', dueOn: '' },
                ]);
                setNextKey((k) => k + 1);
              }}
            >
              <FormattedMessage id="record.item.add" />
            </Button>
          </fieldset>
          <SelectInput
            name="referent"
            label={intl.formatMessage({ id: 'record.referent' })}
            value={referent}
            onChange={setReferent}
            options={owners.map((p) => ({
              value: p.id,
              label: intl.formatMessage(
                { id: p.contact?.phone ? 'record.referent.phone' : 'record.referent.noPhone' },
                { name: p.displayName, phone: p.contact?.phone ?? '' },
              ),
            }))}
            error={fieldError('referent')}
          />
          <TextInput
            name="nextReviewOn"
            type="date"
            label={intl.formatMessage({ id: 'record.nextReview' })}
            value={reviewOn}
            onChange={setReviewOn}
            error={fieldError('nextReview')}
          />
          <SelectInput
            name="nextReviewKind"
            label={intl.formatMessage({ id: 'record.nextReview.kind' })}
            value={reviewKind}
            onChange={(v) => setReviewKind(v as ReviewKind)}
            options={(['concertation', 'check-in'] as const).map((k) => ({ value: k, label: label('review', k) }))}
          />
        </>
      )}
      {r && (
        <TextInput
          name="amendmentReason"
          label={intl.formatMessage({ id: 'record.amendmentReason' })}
          error={errors.amendmentReason}
          isRequired={r.locked}
        />
      )}
      <Button type="submit" className="button primary">
        <FormattedMessage id="record.submit" />
      </Button>
    </Form>
  );
}

/** A labelled multi-line field (one short entry per line), its error right under it. */
function TextArea(props: {
  name: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
}) {
  const id = `field-${props.name}`;
  const errorId = `${id}-error`;
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <textarea
        id={id}
        name={props.name}
        rows={3}
        value={props.value}
        aria-invalid={props.error !== undefined}
        aria-describedby={props.error !== undefined ? errorId : undefined}
        onChange={(e) => props.onChange(e.target.value)}
      />
      {props.error !== undefined && (
        <div id={errorId} className="error">
          {props.error}
        </div>
      )}
    </div>
  );
}
