import { useId, useState, type FormEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Button, Checkbox, CheckboxGroup, Form, Label } from 'react-aria-components';
import { api, fieldErrors, problemText, type Schemas } from '../api/client.js';
import { SelectInput, TextInput } from '../components/fields.js';
import { Link } from '../components/Link.js';
import { caseRef, formText, useLabel } from '../format.js';
import type { MessageKey } from '../i18n/index.js';

type Participant = Schemas['ParticipantViewDto'];
type Decision = Schemas['RecordConsentDto']['decision'];
type GivenBy = NonNullable<Schemas['RecordConsentDto']['givenBy']>;
type SlotResult = Schemas['SlotSearchResultDto'];
type Slot = Schemas['RankedSlotDto'];
type Meeting = Schemas['ConcertationViewDto'];

/** Where a found slot takes place, as the schedule request names it. */
function locationOf(slot: Slot): Schemas['LocationDto'] {
  const where = slot.location;
  if (!where) {
    return { kind: 'video' };
  }
  return where.kind === 'room' ? { kind: 'room', roomId: where.id } : { kind: where.kind };
}

/** What an invited participant may see for a concertation: the meeting, the team, where the case stands. */
const MEETING_CATEGORIES: Schemas['ParticipantScopeDto']['dataCategories'] = [
  'meeting-details',
  'care-team',
  'case-status',
];

/** Errors of a problem+json answer by field, or the whole problem on the form's first field. */
function errorsOf(problem: unknown, status: number, firstField: string, fallback: string): Record<string, string> {
  const byField = fieldErrors(problem);
  return Object.keys(byField).length > 0 ? byField : { [firstField]: problemText(problem, `${fallback} (${status})`) };
}

export function RecordConsent(props: { caseId: string; team: Participant[]; onDone: () => void }) {
  const intl = useIntl();
  const label = useLabel();
  const [decision, setDecision] = useState<Decision>('granted');
  const [givenBy, setGivenBy] = useState<GivenBy>('person');
  const invitable = props.team.filter((p) => p.kind !== 'person');
  const [scoped, setScoped] = useState<string[]>(invitable.map((p) => p.id));
  const [errors, setErrors] = useState<Record<string, string>>({});

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const { error, response } = await api.POST('/v1/cases/{caseId}/consent', {
      params: { path: { caseId: props.caseId } },
      body: {
        decision,
        givenBy,
        ...(decision === 'granted'
          ? { scopes: scoped.map((participantId) => ({ participantId, dataCategories: MEETING_CATEGORIES })) }
          : {}),
      },
    });
    if (error) {
      setErrors(errorsOf(error, response.status, 'decision', intl.formatMessage({ id: 'app.error' }, { status: '' })));
      return;
    }
    setErrors({});
    props.onDone();
  }

  return (
    <Form onSubmit={(e) => void submit(e)} validationErrors={errors} validationBehavior="aria" className="form">
      <h3>
        <FormattedMessage id="case.consent.record" />
      </h3>
      <SelectInput
        name="decision"
        label={intl.formatMessage({ id: 'case.consent.decision' })}
        value={decision}
        onChange={(v) => setDecision(v as Decision)}
        options={(['granted', 'refused', 'revoked'] as const).map((d) => ({ value: d, label: label('consent', d) }))}
        error={errors.decision}
      />
      <SelectInput
        name="givenBy"
        label={intl.formatMessage({ id: 'case.consent.givenBy' })}
        value={givenBy}
        onChange={(v) => setGivenBy(v as GivenBy)}
        options={(['person', 'legal-representative'] as const).map((g) => ({ value: g, label: label('givenBy', g) }))}
        error={errors.givenBy}
      />
      {decision === 'granted' && invitable.length > 0 && (
        <CheckboxGroup className="field" value={scoped} onChange={setScoped} name="scopes">
          <Label>
            <FormattedMessage id="case.consent.scopes" />
          </Label>
          {invitable.map((p) => (
            <Checkbox key={p.id} value={p.id} className="checkbox">
              {p.displayName}
            </Checkbox>
          ))}
        </CheckboxGroup>
      )}
      <Button type="submit" className="button">
        <FormattedMessage id="case.consent.submit" />
      </Button>
    </Form>
  );
}

export function AddProfessional(props: { caseId: string; onDone: () => void }) {
  const intl = useIntl();
  const [errors, setErrors] = useState<Record<string, string>>({});
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const { error, response } = await api.POST('/v1/cases/{caseId}/participants', {
      params: { path: { caseId: props.caseId } },
      body: { kind: 'professional', professionalId: formText(form, 'professionalId') },
    });
    if (error) {
      setErrors(
        errorsOf(error, response.status, 'professionalId', intl.formatMessage({ id: 'app.error' }, { status: '' })),
      );
      return;
    }
    setErrors({});
    form.reset();
    props.onDone();
  }
  return (
    <Form onSubmit={(e) => void submit(e)} validationErrors={errors} validationBehavior="aria" className="form">
      <h3>
        <FormattedMessage id="case.team.add" />
      </h3>
      <TextInput
        name="professionalId"
        label={intl.formatMessage({ id: 'case.team.professionalId' })}
        error={errors.professionalId}
        isRequired
      />
      <Button type="submit" className="button">
        <FormattedMessage id="case.team.submit" />
      </Button>
    </Form>
  );
}

/** Slot search: the slots that fit, or, when none does, the reasons and what to do instead. */
export function SlotSearch(props: { caseId: string }) {
  const intl = useIntl();
  const label = useLabel();
  const [duration, setDuration] = useState('60');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [result, setResult] = useState<SlotResult>();
  const [meeting, setMeeting] = useState<Meeting>();
  const [outcome, setOutcome] = useState<{ id: MessageKey; warnings: string[] }>();
  const when = (local: string) =>
    intl.formatDate(local, { dateStyle: 'full', timeStyle: 'short', timeZone: 'Europe/Brussels' });

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const { data, error, response } = await api.POST('/v1/cases/{caseId}/concertations/slot-search', {
      params: { path: { caseId: props.caseId } },
      body: { durationMinutes: Number(duration) },
    });
    if (!data) {
      setResult(undefined);
      setErrors(
        errorsOf(error, response.status, 'durationMinutes', intl.formatMessage({ id: 'app.error' }, { status: '' })),
      );
      return;
    }
    setErrors({});
    setResult(data);
  }

  /** Schedules at a found slot, or moves the meeting already scheduled from here to it. */
  async function book(slot: Slot) {
    const body = { start: slot.start, end: slot.end, location: locationOf(slot) };
    if (meeting) {
      const moved = await api.POST('/v1/concertations/{id}/reschedule', { params: { path: { id: meeting.id } }, body });
      if (!moved.data) {
        setErrors({ durationMinutes: problemText(moved.error, `${moved.response.status}`) });
        return;
      }
      setMeeting(moved.data);
      setOutcome({ id: 'case.meeting.moved', warnings: [] });
    } else {
      const scheduled = await api.POST('/v1/cases/{caseId}/concertations', {
        params: { path: { caseId: props.caseId } },
        body,
      });
      if (!scheduled.data) {
        setErrors({ durationMinutes: problemText(scheduled.error, `${scheduled.response.status}`) });
        return;
      }
      setMeeting(scheduled.data.concertation);
      setOutcome({ id: 'case.meeting.scheduled', warnings: scheduled.data.warnings });
    }
    setResult(undefined);
  }

  async function cancel() {
    if (!meeting) {
      return;
    }
    const { data, error, response } = await api.POST('/v1/concertations/{id}/cancel', {
      params: { path: { id: meeting.id } },
    });
    if (!data) {
      setErrors({ durationMinutes: problemText(error, `${response.status}`) });
      return;
    }
    setMeeting(undefined);
    setOutcome({ id: 'case.meeting.cancelled', warnings: [] });
  }

  return (
    <div>
      <Form onSubmit={(e) => void submit(e)} validationErrors={errors} validationBehavior="aria" className="form">
        <SelectInput
          name="durationMinutes"
          label={intl.formatMessage({ id: 'case.slots.duration' })}
          value={duration}
          onChange={setDuration}
          options={['30', '45', '60', '90', '120'].map((m) => ({ value: m, label: m }))}
          error={errors.durationMinutes}
        />
        <Button type="submit" className="button">
          <FormattedMessage id="case.slots.submit" />
        </Button>
      </Form>
      {(outcome || meeting) && (
        <div role="status" className="meeting">
          {outcome && (
            <p>
              <FormattedMessage id={outcome.id} />
            </p>
          )}
          {outcome && outcome.warnings.length > 0 && (
            <>
              <p>
                <FormattedMessage id="case.meeting.warnings" />
              </p>
              <ul>
                {outcome.warnings.map((w) => (
                  <li key={w}>{w}</li>
                ))}
              </ul>
            </>
          )}
          {meeting && (
            <p>
              <FormattedMessage id="case.meeting" values={{ start: when(meeting.start) }} />{' '}
              <Button className="button" onPress={() => void cancel()}>
                <FormattedMessage id="case.meeting.cancel" />
              </Button>{' '}
              <Link href={`/cases/${props.caseId}/meetings/${meeting.id}`}>
                <FormattedMessage id="case.meetings.open" values={{ ref: caseRef(meeting.id) }} />
              </Link>
            </p>
          )}
        </div>
      )}
      {result && (
        <div role="status" className="slot-result">
          {result.slots.length > 0 && (
            <>
              <p>
                <FormattedMessage id="case.slots.found" />
              </p>
              <ol>
                {result.slots.slice(0, 5).map((s) => (
                  <li key={s.start}>
                    <FormattedMessage
                      id="case.slots.slot"
                      values={{ start: when(s.localStart), count: s.attendees.length }}
                    />{' '}
                    <Button className="button" onPress={() => void book(s)}>
                      <FormattedMessage
                        id={meeting ? 'case.slots.move' : 'case.slots.schedule'}
                        values={{ start: when(s.localStart) }}
                      />
                    </Button>
                  </li>
                ))}
              </ol>
            </>
          )}
          {result.status !== 'ok' && (
            <>
              <p>
                <FormattedMessage id="case.slots.none" />
              </p>
              <ul>
                {result.reasons.map((r) => (
                  <li key={r}>{label('reason', r)}</li>
                ))}
              </ul>
              {result.alternatives.length > 0 && (
                <>
                  <p>
                    <FormattedMessage id="case.slots.alternatives" />
                  </p>
                  <ul>
                    {result.alternatives.map((a, i) => (
                      <li key={`${a.kind}-${i}`}>{label('alternative', a.kind)}</li>
                    ))}
                  </ul>
                </>
              )}
            </>
          )}
        </div>
      )}
    </div>
  );
}

/** Imports a team member's calendar file and shows what it recorded and which events it ignored, and why. */
export function ImportCalendar(props: { team: Participant[] }) {
  const intl = useIntl();
  const owners = props.team.map((p) => ({ value: p.professionalId ?? p.id, label: p.displayName }));
  const [owner, setOwner] = useState(owners[0]?.value ?? '');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [imported, setImported] = useState<Schemas['CalendarImportedDto']>();
  const fileId = useId();

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const file = new FormData(e.currentTarget).get('file');
    if (!(file instanceof File) || file.size === 0) {
      setErrors({ file: intl.formatMessage({ id: 'case.ics.file' }) });
      return;
    }
    const { data, error, response } = await api.PUT('/v1/calendars/{ownerId}/busy.ics', {
      params: { path: { ownerId: owner }, header: { 'content-type': 'text/calendar' } },
      body: await file.text(),
      bodySerializer: (text: string) => text,
      headers: { 'Content-Type': 'text/calendar' },
    });
    if (!data) {
      setImported(undefined);
      setErrors(errorsOf(error, response.status, 'file', intl.formatMessage({ id: 'app.error' }, { status: '' })));
      return;
    }
    setErrors({});
    setImported(data);
  }

  if (owners.length === 0) {
    return null;
  }
  return (
    <div>
      <form onSubmit={(e) => void submit(e)} className="form">
        <h3>
          <FormattedMessage id="case.ics" />
        </h3>
        <SelectInput
          name="owner"
          label={intl.formatMessage({ id: 'case.ics.owner' })}
          value={owner}
          onChange={setOwner}
          options={owners}
        />
        <div className="field">
          <label htmlFor={fileId}>
            <FormattedMessage id="case.ics.file" />
          </label>
          <input
            id={fileId}
            type="file"
            name="file"
            accept=".ics,text/calendar"
            aria-invalid={errors.file !== undefined}
            aria-describedby={errors.file !== undefined ? `${fileId}-error` : undefined}
          />
          {errors.file !== undefined && (
            <div id={`${fileId}-error`} className="error">
              {errors.file}
            </div>
          )}
        </div>
        <Button type="submit" className="button">
          <FormattedMessage id="case.ics.submit" />
        </Button>
      </form>
      {imported && (
        <div role="status" className="ics-result">
          <p>
            <FormattedMessage id="case.ics.done" values={{ count: imported.imported }} />
          </p>
          {imported.warnings && imported.warnings.length > 0 && (
            <>
              <p>
                <FormattedMessage id="case.ics.warnings" />
              </p>
              <ul>
                {imported.warnings.map((w) => (
                  <li key={w.code}>
                    {w.message} ({w.count})
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </div>
  );
}
